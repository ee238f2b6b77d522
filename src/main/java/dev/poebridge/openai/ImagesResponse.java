package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * OpenAI's {@code ImagesResponse}: {@code created} in Unix seconds and one entry per image; where the images' bytes
 * are known, the {@code output_format} and {@code size} they share (null, and not written, otherwise).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagesResponse(long created, List<Image> data, @JsonProperty("output_format") String outputFormat,
        String size) {

    public ImagesResponse(long created, List<Image> data) {
        this(created, data, null, null);
    }

    /**
     * One image: {@code url}, {@code b64_json} or both. The image's bytes are kept as they are and Jackson writes them
     * as base64 straight into the response: a base64 string in between would hold the image twice more. {@code id} is
     * the conversation item the image was stored as ({@code ig_…}), null (and not written) when it was not stored.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String url, @JsonProperty("b64_json") byte[] b64Json, String id) {

        public Image(String url, byte[] b64Json) {
            this(url, b64Json, null);
        }

        /** This image, stored as the conversation item {@code itemId}. */
        public Image withId(String itemId) {
            return new Image(url, b64Json, itemId);
        }

        public static Image ofUrl(String url) {
            return new Image(url, null);
        }

        /** Written as standard base64 (RFC 4648, padded, no line breaks), as OpenAI sends it. */
        public static Image ofBytes(byte[] image) {
            return new Image(null, image);
        }
    }
}
