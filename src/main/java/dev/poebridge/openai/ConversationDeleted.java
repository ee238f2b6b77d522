package dev.poebridge.openai;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to {@code DELETE /v1/conversations/{id}}. */
@RegisterForReflection
public record ConversationDeleted(String id, String object, boolean deleted) {

    public static ConversationDeleted of(String id) {
        return new ConversationDeleted(id, "conversation.deleted", true);
    }
}
