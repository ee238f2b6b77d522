package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.error.ApiException;

class BotNameTest {

    @ParameterizedTest
    @ValueSource(strings = { "GPT-4o", "Imagen-3-Fast", "Claude-Sonnet-4.5", "Bär_Bot", "Bot😀", "a" })
    void acceptsPoeBotNames(String name) {
        assertThat(BotName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 255, 256 })
    void acceptsNamesUpToTheLengthCap(int length) {
        assertThat(BotName.of("b".repeat(length)).value()).hasSize(length);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\t",
            "a b", "a/b", "../x", "a?b", "a#b", "a%2Fb", "a\\b",
            "a\u0000b", "a\nb", "a\rb", "a\u001fb", "a\u007fb", "a\u0080b", "a\u0085b", "a\u009fb",
            "a\u00a0b", "a\u2028b", "a\u3000b",
            "a\ud83d", "\ud83d", "\ude00a", "a\ude00\ud83db", "\ud83d\ud83d\ude00" })
    void refusesNamesThatAreBlankUnsafeInAUrlOrNotText(String name) {
        assertThatThrownBy(() -> BotName.of(name)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("model");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 257, 100_000 })
    void refusesLongNamesWithoutEchoingThem(int length) {
        assertThatThrownBy(() -> BotName.of("b".repeat(length))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.param()).isEqualTo("model");
            assertThat(e.getMessage()).contains("256").hasSizeLessThan(200);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "a\u0000b", "a\ud83d" })
    void doesNotEchoControlCharactersOrBrokenText(String name) {
        assertThatThrownBy(() -> BotName.of(name)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).doesNotContain(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { " GPT-4o", "GPT-4o\n" })
    void stripsSurroundingWhitespace(String name) {
        assertThat(BotName.of(name).value()).isEqualTo("GPT-4o");
    }
}
