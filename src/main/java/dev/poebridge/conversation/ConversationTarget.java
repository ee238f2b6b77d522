package dev.poebridge.conversation;

/**
 * The conversation a request names, checked: its {@code id}, and whether what the request produces is appended to it
 * ({@code store}, default true). The conversation itself is looked up, and its owner checked, when the request is
 * served: an unknown or foreign one is a 404 then, before anything is asked of Poe.
 */
public record ConversationTarget(String id, boolean store) {
}
