package dev.poebridge.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/completions} (legacy). Honoured: {@code model}, {@code prompt} (a string or an array of strings),
 * {@code stream}, {@code stream_options.include_usage}, {@code temperature}, {@code stop}; the rest is ignored.
 */
@RegisterForReflection
public record CompletionRequest(
        String model,
        JsonNode prompt,
        Boolean stream,
        @JsonProperty("stream_options") ChatCompletionRequest.StreamOptions streamOptions,
        Double temperature,
        JsonNode stop) {
}
