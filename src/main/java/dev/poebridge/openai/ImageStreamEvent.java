package dev.poebridge.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event of OpenAI's image stream ({@code stream: true}): {@code image_generation.partial_image} or
 * {@code image_edit.partial_image} with its {@code partial_image_index}, or {@code image_generation.completed} or
 * {@code image_edit.completed} with its {@code usage}. The bytes are written by Jackson as base64, as in
 * {@link ImagesResponse.Image}; {@code output_format} is left out only for bytes that are no PNG, JPEG or WebP.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageStreamEvent(
        String type,
        @JsonProperty("b64_json") byte[] b64Json,
        @JsonProperty("created_at") long createdAt,
        String size,
        String quality,
        String background,
        @JsonProperty("output_format") String outputFormat,
        @JsonProperty("partial_image_index") Integer partialImageIndex,
        Usage usage) {

    /** OpenAI's image usage; Poe reports none for image bots, so the bridge writes zeros. */
    @RegisterForReflection
    public record Usage(@JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("input_tokens_details") Details inputTokensDetails,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("total_tokens") long totalTokens) {

        public static final Usage NONE = new Usage(0, new Details(0, 0), 0, 0);
    }

    @RegisterForReflection
    public record Details(@JsonProperty("image_tokens") long imageTokens, @JsonProperty("text_tokens") long textTokens) {
    }
}
