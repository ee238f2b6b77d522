package dev.poebridge.openai;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A legacy completion ({@code object: "text_completion"}), the same shape whole or as a stream chunk. {@code usage}
 * as in {@link ChatCompletionChunk}: Java {@code null} leaves it out, {@code Optional.empty()} writes {@code null}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
        Optional<Usage> usage) {

    public TextCompletion(String id, long created, String model, List<Choice> choices, Optional<Usage> usage) {
        this(id, "text_completion", created, model, choices, usage);
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(String text, int index, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }
}
