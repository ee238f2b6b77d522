package dev.poebridge.poe;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

/**
 * Poe refused a call made through a REST-client interface: its status, its body as it came (it may quote the key, so
 * it has no message of its own and is never shown or logged as it is), and how long to wait. The interfaces'
 * {@code @ClientExceptionMapper}s make it, as they are static and cannot know the keys to scrub; the client bean that
 * wraps the interface scrubs the body and classifies it.
 */
final class PoeRejection extends RuntimeException {

    private final int status;
    private final String body;
    private final Duration retryAfter;

    PoeRejection(int status, String body, Duration retryAfter) {
        super("Poe answered HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    /** What a REST client's failed response says. */
    static PoeRejection of(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return new PoeRejection(response.getStatus(), body == null ? "" : body,
                RetryAfter.parse(response.getHeaderString("Retry-After"),
                        response.getHeaderString("x-ratelimit-reset-requests")));
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
