package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** OpenAI's {@code ImagesResponse}: {@code created} in Unix seconds and one entry per image. */
@RegisterForReflection
public record ImagesResponse(long created, List<Image> data) {

    /** One image: {@code url} or {@code b64_json}, never both. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String url, @JsonProperty("b64_json") String b64Json) {

        public static Image ofUrl(String url) {
            return new Image(url, null);
        }

        public static Image ofBase64(String b64) {
            return new Image(null, b64);
        }
    }
}
