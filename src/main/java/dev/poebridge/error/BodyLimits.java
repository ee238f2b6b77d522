package dev.poebridge.error;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.LimitsConfig;
import dev.poebridge.openai.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * How large a request body may be, and the 413 that says so: multipart bodies up to
 * {@code quarkus.http.limits.max-body-size} (Quarkus writes their files to disk), JSON bodies up to
 * {@code limits.max-json-body-size} or that, whichever is lower (they are parsed into memory).
 */
@Singleton
class BodyLimits {

    private final long maxMultipartBytes;
    private final long maxJsonBytes;
    private final byte[] multipartBody;
    private final byte[] jsonBody;
    private final ErrorResponse jsonTooLarge;

    BodyLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxMultipart,
            LimitsConfig limits, ObjectMapper mapper) throws JsonProcessingException {
        this.maxMultipartBytes = maxMultipart.asLongValue();
        // Quarkus' own cap applies to every body, so JSON bodies get whichever is lower.
        boolean jsonCapLower = limits.maxJsonBodySize().asLongValue() <= maxMultipartBytes;
        this.maxJsonBytes = Math.min(limits.maxJsonBodySize().asLongValue(), maxMultipartBytes);
        this.multipartBody = mapper.writeValueAsBytes(tooLarge(maxMultipartBytes, "multipart",
                "quarkus.http.limits.max-body-size"));
        this.jsonTooLarge = tooLarge(maxJsonBytes, "JSON",
                jsonCapLower ? "limits.max-json-body-size" : "quarkus.http.limits.max-body-size");
        this.jsonBody = mapper.writeValueAsBytes(jsonTooLarge);
    }

    long maxBytes(boolean multipart) {
        return multipart ? maxMultipartBytes : maxJsonBytes;
    }

    /** The 413's body, as bytes for the route that answers before Quarkus REST runs. */
    byte[] tooLargeBody(boolean multipart) {
        return multipart ? multipartBody : jsonBody;
    }

    /** The 413's body for a JSON body found too large while it was parsed. */
    ErrorResponse jsonTooLarge() {
        return jsonTooLarge;
    }

    /**
     * After a 413, what is left of the body is read and dropped, up to twice {@code quarkus.http.limits.max-body-size},
     * and then the connection is closed. Closed at once, with the client still sending, most clients' network stacks
     * drop the 413 unread and report a broken connection instead; left alone, the server would read the rest however
     * long it is. Twice the cap, not the cap: an upload a little over it (the common mistake) is read to its end, so
     * its sender always gets the 413, not a broken pipe that depends on socket buffers.
     */
    void discardThenClose(HttpServerRequest request) {
        if (request.isEnded()) {
            return; // "Connection: close" closes it
        }
        long[] left = { 2 * maxMultipartBytes };
        request.handler(chunk -> {
            left[0] -= chunk.length();
            if (left[0] < 0) {
                request.connection().close();
            }
        });
        request.resume();
    }

    /**
     * Runs {@code action} once the response has ended or the connection closed. Not through
     * {@code RoutingContext.addEndHandler}: that takes the response's single end and close handler slots, which Quarkus
     * REST sets again for its own use, and a reservation never given back would shrink the budget for good.
     */
    static void whenDone(HttpServerRequest request, Runnable action) {
        QuarkusRequestWrapper.get(request).addRequestDoneHandler(done -> action.run());
    }

    private static ErrorResponse tooLarge(long max, String kind, String key) {
        return ErrorResponse.of("The request body is larger than the " + max + " bytes this bridge accepts for a "
                + kind + " request (" + key + ").", "invalid_request_error", null, "request_too_large");
    }
}
