package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A non-streamed chat completion. */
@RegisterForReflection
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public static ChatCompletion of(String id, long created, String model, String content, Usage usage) {
        return new ChatCompletion(id, "chat.completion", created, model,
                List.of(new Choice(0, new Message("assistant", content, null), null, "stop")), usage);
    }

    @RegisterForReflection
    public record Choice(int index, Message message, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    @RegisterForReflection
    public record Message(String role, String content, String refusal) {
    }
}
