package dev.poebridge.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code /v1/models}: Poe's public model list, cached, with a fallback. */
@ConfigMapping(prefix = "models")
public interface ModelsConfig {

    /** How long Poe's model list is reused before it is fetched again. Default 300 s. */
    @WithDefault("300s")
    Duration cacheTtl();

    /** How long the fallback list is served after Poe could not be reached, before trying again. Default 30 s. */
    @WithDefault("30s")
    Duration fallbackTtl();

    /** Deadline for fetching Poe's model list. Default 5 s. */
    @WithDefault("5s")
    Duration fetchTimeout();

    /** Models listed when Poe's list cannot be fetched. Any bot name works on every endpoint regardless. */
    @WithDefault("Imagen-3-Fast,Imagen-4-Ultra,GPT-Image-1,StableDiffusionXL,Nano-Banana,GPT-4o,Claude-Sonnet-4")
    List<String> fallback();
}
