package dev.poebridge.config;

import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on what callers may send, beside {@code quarkus.http.limits.*} (the HTTP layer's, which cap multipart
 * bodies) and the per-endpoint file limits.
 */
@ConfigMapping(prefix = "limits")
public interface LimitsConfig {

    /**
     * Largest request body that is not {@code multipart/form-data} (JSON: chat, completions, generations, JSON edits);
     * larger is a 413, answered before the body is read when it announces its length and as soon as the cap is passed
     * when it is sent in chunks. JSON is parsed into memory, so its cap is well below the multipart one
     * ({@code quarkus.http.limits.max-body-size}, whose files go to disk). Default 32M: a chat message with a 20 MB
     * image (the default {@code chat.max-file-size}) as a base64 data URL still fits. Environment variable:
     * {@code LIMITS_MAX_JSON_BODY_SIZE}.
     */
    @WithDefault("32M")
    MemorySize maxJsonBodySize();

    /**
     * Bytes of JSON bodies the bridge takes in at once (by their {@code Content-Length}; a body sent in chunks counts
     * as {@code max-json-body-size}), until their responses end. Parsing a JSON body takes about four times its size
     * in heap for a moment (a large data URL is a string, built from a buffer of twice its size), so a few large
     * bodies at once could exhaust a small heap; past this budget a request gets a fast 503 with
     * {@code Retry-After: 1}. A body arriving while no other is in flight is always taken. Default: an eighth of the
     * maximum heap (32M on a 256M heap: one 20 MB image at a time). Environment variable:
     * {@code LIMITS_JSON_BYTES_IN_FLIGHT}.
     */
    Optional<MemorySize> jsonBytesInFlight();

    /** {@link #jsonBytesInFlight()}, or its default for this JVM. */
    default long jsonBytesInFlightOrDefault() {
        return jsonBytesInFlight().map(MemorySize::asLongValue).orElse(Runtime.getRuntime().maxMemory() / 8);
    }
}
