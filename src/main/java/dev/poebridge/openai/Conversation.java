package dev.poebridge.openai;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * OpenAI's conversation object: {@code created_at} in Unix seconds, {@code metadata} always an object (the Java SDK's
 * builder requires it), and Jan's {@code title} only when one was given.
 */
@RegisterForReflection
public record Conversation(
        String id,
        String object,
        @JsonProperty("created_at") long createdAt,
        Map<String, String> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) String title) {

    public static Conversation of(String id, long createdAtMillis, Map<String, String> metadata, String title) {
        return new Conversation(id, "conversation", createdAtMillis / 1000, metadata == null ? Map.of() : metadata, title);
    }
}
