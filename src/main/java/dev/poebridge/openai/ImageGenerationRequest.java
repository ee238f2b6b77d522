package dev.poebridge.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/images/generations}. Only {@code prompt}, {@code model}, {@code n}, {@code response_format},
 * {@code stream}, {@code size} and {@code quality} change what the bridge does (the last two reach bots that take
 * them as Poe parameters); the other OpenAI fields are accepted and ignored because Poe's image bots choose format
 * and style themselves. Unknown fields are ignored too.
 */
@RegisterForReflection
public record ImageGenerationRequest(
        String prompt,
        String model,
        Integer n,
        @JsonProperty("response_format") String responseFormat,
        String size,
        String quality,
        String style,
        String background,
        @JsonProperty("output_format") String outputFormat,
        @JsonProperty("output_compression") Integer outputCompression,
        String moderation,
        Boolean stream,
        @JsonProperty("partial_images") Integer partialImages,
        String user) {
}
