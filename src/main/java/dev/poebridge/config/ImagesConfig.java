package dev.poebridge.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Poe bot used by {@code /v1/images/edits} when the request names no model. Default {@code StableDiffusionXL}. */
    @WithDefault("StableDiffusionXL")
    String editBot();

    /** Poe bot used by {@code /v1/images/variations} when the request names no model. Default {@code StableDiffusionXL}. */
    @WithDefault("StableDiffusionXL")
    String variationBot();

    /** What the variation bot is asked, with the image attached (variations have no prompt in OpenAI's API). */
    @WithDefault("Create a variation of this image: keep its subject, composition and style, and change the details.")
    String variationPrompt();

    /** Largest image accepted by edits and variations; larger is a 413. Default 50M, as OpenAI allows. */
    @WithDefault("50M")
    MemorySize maxImageSize();

    /** Most images one edit may carry (OpenAI's limit). Default 16. */
    @WithDefault("16")
    int maxImages();

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

        /**
         * Whether bot files may be fetched from loopback, private, link-local and other non-public addresses. Default
         * false: a bot can be made to name any URL, and the bridge must not probe the network it runs in. Set it only for
         * tests and private setups whose bots serve files from inside. Environment variable:
         * {@code IMAGES_DOWNLOAD_ALLOW_PRIVATE_NETWORKS}.
         */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Downloads running at once (each has its own connection). Default 512. */
        @WithDefault("512")
        int maxConnections();

        /**
         * Bytes that downloads may hold at once, from the first byte until their response has been written; a download
         * beyond it waits its turn. Default: a fifth of the maximum heap (about 51 MB on a 256 MB heap), because base64
         * and the JSON around it take about three times the image's size again. One download is always admitted alone.
         */
        Optional<MemorySize> memoryBudget();

        /** How long a download may wait for its share of the budget before the request fails with 503. Default 30 s. */
        @WithDefault("30s")
        Duration queueTimeout();
    }

    /**
     * The bots that are OpenAI's GPT-image models on Poe: a Java regular expression matched case-insensitively against
     * the whole bot name. They are sent {@code size} and {@code quality} as Poe parameters ({@code aspect},
     * {@code quality}), and a request to one of them without {@code response_format} gets {@code url} and
     * {@code b64_json}, since their clients read {@code b64_json} and send no {@code response_format}. Default
     * {@code gpt-image.*} ({@code GPT-Image-1}, {@code GPT-Image-1-Mini}, {@code GPT-Image-1.5}); {@code (?!)} matches
     * no bot. Environment variable: {@code IMAGES_GPT_IMAGE_MODELS}.
     */
    @WithDefault("gpt-image.*")
    String gptImageModels();

    /**
     * The Poe parameters other image bots take, by bot name (matched ignoring case and punctuation): a comma-separated
     * list of {@code aspect} and {@code quality}, e.g. {@code images.bot-parameters."Imagen-4"=aspect,quality} (quote
     * names that hold dots); as an environment variable {@code IMAGES_BOT_PARAMETERS__IMAGEN_4__=aspect,quality}. Bots
     * that are neither here nor GPT-image models are sent no parameters, because a bot that does not know one may
     * refuse the query. Default: empty.
     */
    Map<String, List<String>> botParameters();
}
