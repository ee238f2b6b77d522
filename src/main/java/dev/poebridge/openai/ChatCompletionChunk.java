package dev.poebridge.openai;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One chunk of a streamed chat completion. {@code usage} follows OpenAI's rule for
 * {@code stream_options.include_usage}: left out when not asked for (Java {@code null}), written as {@code null} on
 * every content chunk when asked for ({@code Optional.empty()}), and set on the extra last chunk, whose
 * {@code choices} is empty.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
        Optional<Usage> usage) {

    public ChatCompletionChunk(String id, long created, String model, List<Choice> choices, Optional<Usage> usage) {
        this(id, "chat.completion.chunk", created, model, choices, usage);
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, Delta delta, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }
}
