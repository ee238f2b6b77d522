package dev.poebridge.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code /v1/chat/completions} and {@code /v1/completions}. */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /**
     * How long a streamed request waits for Poe's first event before the {@code 200} and the stream start. Failures
     * Poe reports within this time (bad key, unknown bot, rate limit, no points) get their real HTTP status; later
     * ones arrive in the stream as an error object. Default 10 s.
     */
    @WithDefault("10s")
    Duration statusWait();

    /**
     * Quiet period after which a stream gets an SSE comment ({@code : keep-alive}), so that proxies do not cut a
     * stream while an image bot works. Default 15 s.
     */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /**
     * Largest file (image or document) accepted in a message, after base64 decoding; larger is a 413. Default 20M,
     * OpenAI's limit for images in chat.
     */
    @WithDefault("20M")
    MemorySize maxFileSize();

    /**
     * Most event streams served at once; beyond it a new stream gets a fast 503 with {@code Retry-After}. Default
     * 5000.
     */
    @WithDefault("5000")
    int maxOpenStreams();
}
