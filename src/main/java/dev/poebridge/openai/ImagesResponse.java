package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** OpenAI's {@code ImagesResponse}: {@code created} in Unix seconds and one entry per image. */
@RegisterForReflection
public record ImagesResponse(long created, List<Image> data) {

    /**
     * One image: {@code url} or {@code b64_json}, never both. The image's bytes are kept as they are and Jackson writes
     * them as base64 straight into the response: a base64 string in between would hold the image twice more.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String url, @JsonProperty("b64_json") byte[] b64Json) {

        public static Image ofUrl(String url) {
            return new Image(url, null);
        }

        /** Written as standard base64 (RFC 4648, padded, no line breaks), as OpenAI sends it. */
        public static Image ofBytes(byte[] image) {
            return new Image(null, image);
        }
    }
}
