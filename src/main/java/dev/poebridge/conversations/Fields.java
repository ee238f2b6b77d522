package dev.poebridge.conversations;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.error.ApiException;

/** Reading fields out of a request tree, each refusal a 400 that names the field's full path. */
final class Fields {

    private Fields() {
    }

    /** The string at {@code field}, or null when it is missing or null. */
    static String optionalText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidRequest(path(at, field), "'" + path(at, field) + "' must be a string.");
        }
        return value.textValue();
    }

    static String requiredText(JsonNode node, String field, String at) {
        String value = optionalText(node, field, at);
        if (value == null) {
            throw ApiException.invalidRequest(path(at, field), "'" + path(at, field) + "' is required.");
        }
        return value;
    }

    /** {@code value} unless it is longer than {@code max} characters. */
    static String capped(String value, int max, String at) {
        if (value != null && value.length() > max) {
            throw ApiException.invalidRequest(at, "'" + at + "' is too long: " + value.length()
                    + " characters, at most " + max + ".");
        }
        return value;
    }

    static String path(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }
}
