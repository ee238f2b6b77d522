package dev.poebridge.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /v1/conversations} ({@code metadata}, {@code items}, Jan's {@code title}) and of
 * {@code POST /v1/conversations/{id}} ({@code metadata}, {@code title}, at least one). Metadata and items are read as
 * trees and checked by hand, so that every refusal names the exact field ({@code items[2].content[0].type}).
 */
@RegisterForReflection
public record ConversationRequest(JsonNode metadata, JsonNode items, String title) {
}
