package dev.poebridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one place that knows how a key may be echoed, and how much of a text could still become one. */
class KeyScrubberTest {

    static final String KEY = "sk-poe/Key+0123456789";

    final KeyScrubber scrubber = KeyScrubber.of(List.of(KEY, "bridge-key-0123456789"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "as written               | Authorization: Bearer sk-poe/Key+0123456789 was refused | Authorization: Bearer [redacted] was refused",
            "as the raw upload header | Authorization: sk-poe/Key+0123456789                    | Authorization: [redacted]",
            "JSON-escaped slash       | {\"auth\": \"Bearer sk-poe\\/Key+0123456789\"}             | {\"auth\": \"Bearer [redacted]\"}",
            "URL-encoded              | https://x.example/a?key=sk-poe%2FKey%2B0123456789        | https://x.example/a?key=[redacted]",
            "twice, and another key   | sk-poe/Key+0123456789 bridge-key-0123456789 sk-poe/Key+0123456789 | [redacted] [redacted] [redacted]",
    })
    void removesEveryKeyInTheFormsAnEchoTakes(String form, String text, String scrubbed) {
        assertThat(scrubber.scrub(text)).isEqualTo(scrubbed);
        assertThat(scrubber.leaks(text)).isTrue();
        assertThat(scrubber.leaks(scrubbed)).isFalse();
    }

    @Test
    void returnsTheSameTextWhenItHoldsNoKey() {
        String text = "nothing to see here";
        assertThat(scrubber.scrub(text)).isSameAs(text);
        assertThat(scrubber.scrub(null)).isNull();
    }

    @Test
    void aKeyInsideALongerOneLeavesNoPieceBehind() {
        KeyScrubber nested = KeyScrubber.of(List.of("abc-key-1", "xx-abc-key-1-yy"));
        assertThat(nested.scrub("xx-abc-key-1-yy and abc-key-1")).isEqualTo("[redacted] and [redacted]");
    }

    @ParameterizedTest(name = "''{0}'' holds back {1}")
    @CsvSource({
            "'hello ', 0",
            "'hello s', 1",
            "'hello sk-poe/Ke', 9",
            "'hello sk-poe/Key+012345678', 20",
            "'hello sk-x', 0",
            "'hello bridge-k', 8",
            "'', 0",
    })
    void holdsBackOnlyWhatCouldStillBecomeAKey(String text, int tail) {
        assertThat(scrubber.unsafeTail(text)).isEqualTo(tail);
    }

    @Test
    void addsTheKeyOfACallOnlyWhenItIsNew() {
        assertThat(scrubber.with(KEY)).isSameAs(scrubber);
        assertThat(scrubber.with("")).isSameAs(scrubber);
        assertThat(scrubber.with("callers-own-poe-key").scrub("callers-own-poe-key " + KEY)).isEqualTo("[redacted] [redacted]");
        assertThat(KeyScrubber.of(List.of()).isEmpty()).isTrue();
    }
}
