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

    /**
     * Most characters of one bot answer the bridge holds in memory: a whole (non-streamed) chat or completion answer,
     * the text an image bot writes before its image, and the text a stream must hold back. A bot that writes more is
     * stopped and the caller gets a 502 {@code answer_too_large}; a stream that only appends is not limited. Default
     * 8M (about two million tokens, far beyond any model's output). Environment variable:
     * {@code CHAT_MAX_ANSWER_SIZE}.
     */
    @WithDefault("8M")
    MemorySize maxAnswerSize();
}
