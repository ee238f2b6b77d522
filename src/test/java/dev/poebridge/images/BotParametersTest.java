package dev.poebridge.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.poe.BotName;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Which bots get which parameters, from the configuration as properties and as environment variables. */
class BotParametersTest {

    static final ImageSettings WIDE_HD = ImageSettings.of("1536x1024", "hd");

    static BotParameters configured(Map<String, String> properties, Map<String, String> env) {
        // Quarkus' own converters, which a bare SmallRye builder lacks, for the mapping's other properties.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ImagesConfig.class)
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300))
                .build();
        return new BotParameters(config.getConfigMapping(ImagesConfig.class));
    }

    static BotParameters configured(Map<String, String> properties) {
        return configured(properties, Map.of());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GPT-Image-1        | {aspect=3:2, quality=high}
            gpt-image-1-mini   | {aspect=3:2, quality=high}
            Imagen-4           | {aspect=3:2, quality=high}
            imagen-4           | {aspect=3:2, quality=high}
            FLUX-pro-1.1       | {aspect=3:2}
            Ideogram-v3        | {quality=high}
            Imagen-3-Fast      | {}
            my-gpt-image-1     | {}
            """)
    void gptImageBotsTakeBothTableBotsWhatTheyListOthersNothing(String bot, String parameters) {
        BotParameters bots = configured(Map.of("images.bot-parameters.\"Imagen-4\"", "aspect,quality",
                "images.bot-parameters.\"FLUX-pro-1.1\"", "aspect", "images.bot-parameters.Ideogram-v3", "quality"));
        assertThat(bots.forBot(BotName.of(bot), WIDE_HD)).hasToString(parameters);
    }

    @Test
    void aTableSetInTheEnvironmentFindsItsBotDespiteTheLostCaseAndPunctuation() {
        BotParameters bots = configured(Map.of(), Map.of("IMAGES_BOT_PARAMETERS__FLUX_PRO_1_1__", "aspect"));
        assertThat(bots.forBot(BotName.of("FLUX-pro-1.1"), WIDE_HD)).isEqualTo(Map.of("aspect", "3:2"));
    }

    @Test
    void theGptImagePatternIsConfigurableAndMatchesTheWholeName() {
        BotParameters bots = configured(Map.of(), Map.of("IMAGES_GPT_IMAGE_MODELS", "gpt-image-1|dall-e-3"));
        assertThat(bots.forBot(BotName.of("DALL-E-3"), WIDE_HD)).containsKeys("aspect", "quality");
        assertThat(bots.forBot(BotName.of("GPT-Image-1.5"), WIDE_HD)).isEmpty();
    }

    @Test
    void aListWrittenWithSpacesIsReadAsTheParametersItNames() {
        BotParameters bots = configured(Map.of("images.bot-parameters.\"Imagen-4\"", "aspect, quality"));
        assertThat(bots.forBot(BotName.of("Imagen-4"), WIDE_HD)).isEqualTo(Map.of("aspect", "3:2", "quality", "high"));
    }

    @Test
    void twoSpellingsOfOneBotStopTheBridgeNamingBoth() {
        assertThatThrownBy(() -> configured(Map.of("images.bot-parameters.\"Imagen-4\"", "aspect",
                "images.bot-parameters.\"imagen.4\"", "quality")))
                .hasMessageContaining("Imagen-4").hasMessageContaining("imagen.4");
    }

    @Test
    void aBadPatternOrAnUnknownParameterStopsTheBridgeNamingTheKey() {
        assertThatThrownBy(() -> configured(Map.of("images.gpt-image-models", "gpt-image-(")))
                .hasMessageContaining("images.gpt-image-models");
        assertThatThrownBy(() -> configured(Map.of("images.bot-parameters.\"Imagen-4\"", "aspect,size")))
                .hasMessageContaining("images.bot-parameters.\"Imagen-4\"").hasMessageContaining("'size'");
    }
}
