package dev.poebridge.config;

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
}
