package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON form of {@code POST /v1/images/edits}: {@code images} as URL references; {@code stream} and
 * {@code partial_images} ask for an event stream. {@code background}, {@code input_fidelity}, {@code output_format}
 * and the other OpenAI fields are accepted and ignored; {@code conversation_id} and {@code store} keep the prompt and
 * the images in a conversation.
 */
@RegisterForReflection
public record ImageEditJsonRequest(
        List<ImageRef> images,
        String prompt,
        String model,
        Integer n,
        @JsonProperty("response_format") String responseFormat,
        JsonNode mask,
        Boolean stream,
        @JsonProperty("partial_images") Integer partialImages,
        String size,
        String quality,
        @JsonProperty("conversation_id") String conversationId,
        Boolean store) {

    /** One image: an https or base64 data URL ({@code file_id} is not supported: Poe has no file store). */
    @RegisterForReflection
    public record ImageRef(@JsonProperty("image_url") String imageUrl, @JsonProperty("file_id") String fileId) {
    }
}
