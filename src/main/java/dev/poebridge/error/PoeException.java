package dev.poebridge.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A Poe call that failed, already classified. Produced only by the {@code poe} package from what Poe answered (HTTP
 * status and body, or an SSE {@code error} event), so no upstream response object leaks further: {@link ErrorMapper}
 * turns the {@link Kind} into the caller's status.
 */
public class PoeException extends RuntimeException {

    /** What went wrong, from the caller's point of view; each kind has its own HTTP status. */
    public enum Kind {
        /** Poe rejected the key (401/403): 401. */
        AUTHENTICATION(401, "invalid_request_error", "invalid_api_key"),
        /** Poe refused the account this query (e.g. {@code privacy_authorization_error}): 403. */
        PERMISSION(403, "permission_error", "permission_denied"),
        /** The bot does not exist: 404. */
        MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
        /** The account is out of points (402, or {@code insufficient_fund}): 402. */
        INSUFFICIENT_POINTS(402, "insufficient_quota", "insufficient_quota"),
        /** Poe rate-limited the key (429): 429, with Retry-After passed on. */
        RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded"),
        /** Poe refused a file as too large: 413. */
        PAYLOAD_TOO_LARGE(413, "invalid_request_error", "file_too_large"),
        /** Poe says the caller's input is at fault ({@code user_caused_error}, {@code user_message_too_long}): 400. */
        USER_ERROR(400, "invalid_request_error", null),
        /** Any other failure of Poe or the bot, including a bot that sent no image: 502. */
        UPSTREAM(502, "api_error", "upstream_error"),
        /** Poe could not be reached, or the connection broke: 502. */
        UNREACHABLE(502, "api_error", "upstream_unreachable"),
        /** The bridge is at its limit of concurrent Poe calls: 503, retry after a second. */
        OVERLOADED(503, "api_error", "overloaded"),
        /** A deadline passed (silence between events, or the whole call): 504. */
        TIMEOUT(504, "api_error", "upstream_timeout");

        public final int status;
        public final String type;
        public final String code;

        Kind(int status, String type, String code) {
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    private final Kind kind;
    private final String bot;
    private final boolean retryable;
    private final String code;
    private final Duration retryAfter;

    public PoeException(Kind kind, String bot, boolean retryable, String message) {
        this(kind, bot, retryable, kind.code, null, message, null);
    }

    public PoeException(Kind kind, String bot, boolean retryable, String code, Duration retryAfter, String message,
            Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.bot = bot;
        this.retryable = retryable;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String bot() {
        return bot;
    }

    /** True when trying the same query again may succeed and costs the caller nothing it has already seen. */
    public boolean retryable() {
        return retryable;
    }

    /** The OpenAI {@code code}: the kind's own unless Poe named a more specific one. */
    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
