package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;

/** A failure of a Poe call is logged and shown: neither its message nor a cause's may hold a key. */
class ScrubbedFailuresTest {

    static final String KEY = "poe-secret-key-0123456789";
    static final KeyScrubber KEYS = KeyScrubber.of(List.of(KEY));

    @Test
    void aPoeExceptionKeepsItsKindWithTheKeyRemovedFromItsMessage() {
        PoeException failure = new PoeException(PoeException.Kind.RATE_LIMITED, "Bot", true, "rate_limit_exceeded",
                java.time.Duration.ofSeconds(3), "slow down, " + KEY, null);
        PoeException scrubbed = (PoeException) ScrubbedFailures.of(failure, KEYS, "bot 'Bot'");
        assertThat(scrubbed.getMessage()).isEqualTo("slow down, [redacted]");
        assertThat(scrubbed.kind()).isEqualTo(PoeException.Kind.RATE_LIMITED);
        assertThat(scrubbed.retryable()).isTrue();
        assertThat(scrubbed.retryAfter()).contains(java.time.Duration.ofSeconds(3));
    }

    @Test
    void aCauseThatHoldsAKeyIsDropped() {
        PoeException failure = PoeFailures.unreachable(new BotName("Bot"), new IOException("closed", new IOException("sent " + KEY)));
        Throwable scrubbed = ScrubbedFailures.of(failure, KEYS, "bot 'Bot'");
        assertThat(scrubbed.getCause()).isNull();
        assertThat(scrubbed.getMessage()).isEqualTo(failure.getMessage());
    }

    @Test
    void anyOtherFailureHoldingAKeyBecomesAPoeFailureWithoutIt() {
        Throwable scrubbed = ScrubbedFailures.of(new IllegalStateException("body: " + KEY), KEYS, "file upload");
        assertThat(scrubbed).isInstanceOf(PoeException.class).hasMessage("Poe's file upload failed: body: [redacted]");
    }

    @Test
    void aFailureWithoutAKeyIsLeftAlone() {
        IllegalStateException failure = new IllegalStateException("nothing secret");
        assertThat(ScrubbedFailures.of(failure, KEYS, "file upload")).isSameAs(failure);
    }
}
