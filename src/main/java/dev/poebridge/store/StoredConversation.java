package dev.poebridge.store;

import java.util.Map;

/** A conversation as stored: its owner is not part of it, since nobody but the owner ever sees it. */
public record StoredConversation(String id, long createdAtMillis, Map<String, String> metadata, String title) {
}
