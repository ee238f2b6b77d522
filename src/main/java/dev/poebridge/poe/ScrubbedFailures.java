package dev.poebridge.poe;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;

/** The last step of every Poe call's failure: no key leaves in its message or its causes. */
final class ScrubbedFailures {

    private ScrubbedFailures() {
    }

    /**
     * The failure with every key removed from its message, for callers and log lines alike. A cause whose message
     * holds a key is dropped (it may be logged with its stack trace); a failure that is not a {@link PoeException}
     * and holds a key becomes one, naming {@code what} failed.
     */
    static Throwable of(Throwable failure, KeyScrubber keys, String what) {
        Throwable cause = failure.getCause();
        boolean causeLeaks = false;
        Throwable c = cause;
        for (int depth = 0; c != null && depth < 10; depth++, c = c.getCause()) {
            causeLeaks |= keys.leaks(c.getMessage());
        }
        if (failure instanceof PoeException p) {
            String message = keys.scrub(p.getMessage());
            if (message == p.getMessage() && !causeLeaks) {
                return p;
            }
            return new PoeException(p.kind(), p.bot(), p.retryable(), p.code(), p.retryAfter().orElse(null), message,
                    causeLeaks ? null : cause);
        }
        if (keys.leaks(failure.getMessage()) || causeLeaks) {
            return PoeFailures.other(what, keys.scrub(String.valueOf(failure.getMessage())));
        }
        return failure;
    }
}
