package dev.poebridge.poe;

/**
 * A bot Poe lists. {@code created} is in Unix seconds.
 */
public record PoeModel(String id, long created, String ownedBy) {
}
