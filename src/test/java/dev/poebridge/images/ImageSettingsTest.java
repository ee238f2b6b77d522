package dev.poebridge.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.error.ApiException;

/** OpenAI's {@code size} and {@code quality} in the words of Poe's image bots. */
class ImageSettingsTest {

    @ParameterizedTest(name = "size {0} -> aspect {1}")
    @CsvSource(nullValues = "none", textBlock = """
            1024x1024 | 1:1
            256x256   | 1:1
            512x512   | 1:1
            1536x1024 | 3:2
            1792x1024 | 3:2
            1024x1536 | 2:3
            1024x1792 | 2:3
            auto      | auto
            1920x1080 | 3:2
            1080x1920 | 2:3
            4000x1000 | 3:2
            1100x1000 | 1:1
            1000x1100 | 1:1
            1300x1000 | 3:2
            1000x1300 | 2:3
            none      | none
            """, delimiter = '|')
    void mapsEachSizeToTheNearestAspect(String size, String aspect) {
        assertThat(ImageSettings.aspect(size)).isEqualTo(aspect);
    }

    @ParameterizedTest(name = "quality {0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            low      | low
            medium   | medium
            high     | high
            hd       | high
            standard | medium
            auto     | none
            ultra    | none
            none     | none
            """, delimiter = '|')
    void mapsEachQualityToTheBotsWordOrLeavesItOut(String quality, String mapped) {
        assertThat(ImageSettings.quality(quality)).isEqualTo(mapped);
    }

    @ParameterizedTest(name = "size [{0}]")
    @ValueSource(strings = { "big", "1024", "1024x", "x1024", "1024*1024", "1024 x 1024", "0x1024", "1024x0",
            "-1x1024", "1024X1024", "100000x1", "", "AUTO", "1:1" })
    void refusesASizeThatIsNeitherWidthByHeightNorAuto(String size) {
        assertThatThrownBy(() -> ImageSettings.of(size, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.getMessage()).contains("WIDTHxHEIGHT");
                });
    }

    @Test
    void sendsOnlyTheParametersTheBotTakesAspectFirst() {
        ImageSettings settings = ImageSettings.of("1024x1536", "hd");
        assertThat(settings.parameters(ImageSettings.PARAMETERS)).containsExactly(
                Map.entry("aspect", "2:3"), Map.entry("quality", "high"));
        assertThat(settings.parameters(Set.of("quality"))).containsExactly(Map.entry("quality", "high"));
        assertThat(settings.parameters(Set.of())).isEmpty();
        assertThat(ImageSettings.of(null, "auto").parameters(ImageSettings.PARAMETERS)).isEmpty();
    }
}
