package dev.poebridge.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /v1/conversations/{id}/items}: up to 20 input items, checked by hand like a create's. */
@RegisterForReflection
public record ConversationItemsRequest(JsonNode items) {
}
