package dev.poebridge.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A conversation item: its JSON exactly as the API returns it (with its {@code id}, {@code type} and content). */
public record StoredItem(String id, long createdAtMillis, ObjectNode body) {
}
