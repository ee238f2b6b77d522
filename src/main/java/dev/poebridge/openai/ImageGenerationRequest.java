package dev.poebridge.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/images/generations}. Only {@code prompt}, {@code model}, {@code n}, {@code response_format},
 * {@code stream}, {@code size} and {@code quality} change what the bridge does (the last two reach bots that take
 * them as Poe parameters), and the presence of a field only GPT-image models take ({@code background},
 * {@code output_format}, {@code output_compression}, {@code moderation}, {@code partial_images}): it makes
 * {@code b64_json} part of the default answer. Their values are ignored because Poe's image bots choose format and
 * style themselves. Unknown fields are ignored too. {@code conversation_id} and {@code store} (Jan's fields) keep the
 * prompt and the images in a conversation.
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
        String user,
        @JsonProperty("conversation_id") String conversationId,
        Boolean store) {
}
