package dev.poebridge.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The image endpoints ({@code /v1/images/*}). */
@ConfigMapping(prefix = "images")
public interface ImagesConfig {

    /**
     * Whether the image endpoints are served; when false they answer 501. Default true. Environment variable:
     * {@code IMAGE_GENERATION_ENABLED}.
     */
    @WithDefault("true")
    boolean enabled();

    /** Poe bot used by {@code /v1/images/generations} when the request names no model. Default {@code Imagen-3-Fast}. */
    @WithDefault("Imagen-3-Fast")
    String defaultBot();

    /** How many Poe queries one request with {@code n > 1} runs at the same time. Default 4. */
    @WithDefault("4")
    int maxConcurrency();

    /** Longest prompt accepted, in characters (OpenAI's limit for GPT image models). Default 32000. */
    @WithDefault("32000")
    int maxPromptLength();

    /** Fetching the bot's image for {@code response_format=b64_json}. */
    Download download();

    interface Download {

        /** Deadline for downloading one image. Default 60 s. */
        @WithDefault("60s")
        Duration timeout();

        /** Largest image the bridge downloads; larger ones fail with 502. Default 50M. */
        @WithDefault("50M")
        MemorySize maxSize();
    }
}
