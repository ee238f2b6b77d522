package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/chat/completions}. Honoured: {@code model}, {@code messages}, {@code stream},
 * {@code stream_options.include_usage}, {@code temperature}, {@code stop}, and Jan's {@code conversation} (an id or
 * {@code {id}}). Accepted and ignored (Poe's bot query has no
 * equivalent): {@code max_tokens}, {@code max_completion_tokens}, {@code top_p}, {@code n} (only 1), {@code seed},
 * {@code presence_penalty}, {@code frequency_penalty}, {@code logit_bias}, {@code response_format}, {@code tools},
 * {@code tool_choice}, {@code user} and unknown fields.
 */
@RegisterForReflection
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Double temperature,
        JsonNode stop,
        Integer n,
        JsonNode conversation) {

    /** One message; {@code content} is a string, an array of parts, or null. */
    @RegisterForReflection
    public record Message(String role, JsonNode content, String name) {
    }

    @RegisterForReflection
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }
}
