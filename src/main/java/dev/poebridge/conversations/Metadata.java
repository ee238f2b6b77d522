package dev.poebridge.conversations;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.error.ApiException;

/** OpenAI's metadata rules: at most 16 pairs, keys up to 64 characters, values strings of up to 512. */
final class Metadata {

    static final int MAX_PAIRS = 16;
    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 512;

    private Metadata() {
    }

    /** The checked pairs; {@code {}} for a missing or null field unless it is {@code required}. */
    static Map<String, String> read(JsonNode metadata, boolean required) {
        if (metadata == null || metadata.isNull()) {
            if (required) {
                throw ApiException.invalidRequest("metadata",
                        "'metadata' (an object of string values) or 'title' is required.");
            }
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw ApiException.invalidRequest("metadata", "'metadata' must be an object of string values.");
        }
        if (metadata.size() > MAX_PAIRS) {
            throw ApiException.invalidRequest("metadata", "'metadata' has " + metadata.size() + " pairs; at most "
                    + MAX_PAIRS + " are allowed.");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> pair = fields.next();
            if (pair.getKey().length() > MAX_KEY) {
                throw ApiException.invalidRequest("metadata", "A 'metadata' key is " + pair.getKey().length()
                        + " characters long; at most " + MAX_KEY + " are allowed.");
            }
            String at = "metadata." + pair.getKey();
            if (!pair.getValue().isTextual()) {
                throw ApiException.invalidRequest(at, "'" + at + "' must be a string.");
            }
            pairs.put(pair.getKey(), Fields.capped(pair.getValue().textValue(), MAX_VALUE, at));
        }
        return pairs;
    }
}
