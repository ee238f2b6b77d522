package dev.poebridge.poe;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.error.PoeException.Kind;

/**
 * The body of a failed Poe reply, read for what it says. How Poe words its failures is not documented (UNCONFIRMED
 * in the protocol notes), so every plausible form is read: an OpenAI-style JSON error ({@code code}/{@code type}),
 * fastapi_poe's {@code error_type}, and, last, the wording of the message.
 *
 * @param json the body as a JSON object, or null when it is not one
 * @param detail the message to quote: the JSON error's message, or the body's own text
 */
record ErrorBody(JsonNode json, String detail) {

    /** No body to read: a status judged on its own (the classifier's tests use it to state each call's table). */
    static final ErrorBody NONE = new ErrorBody(null, null);

    static ErrorBody parse(String body, ObjectMapper mapper) {
        JsonNode json = parseJson(body, mapper);
        return new ErrorBody(json, detailOf(json, body));
    }

    /** The kind the body names by code, type or error_type; null when it names none the bridge knows. */
    Kind named() {
        if (json == null) {
            return null;
        }
        JsonNode error = json.has("error") && json.get("error").isObject() ? json.get("error") : json;
        for (String field : new String[] { "code", "type", "error_type" }) {
            String value = textOf(error, field);
            if (value == null) {
                continue;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "invalid_api_key", "authentication_error", "unauthorized":
                    return Kind.AUTHENTICATION;
                case "model_not_found", "bot_not_found":
                    return Kind.MODEL_NOT_FOUND;
                case "insufficient_quota", "insufficient_fund", "insufficient_points":
                    return Kind.INSUFFICIENT_POINTS;
                case "rate_limit_exceeded", "rate_limit_error":
                    return Kind.RATE_LIMITED;
                case "user_message_too_long", "user_caused_error":
                    return Kind.USER_ERROR;
                default:
                    break;
            }
        }
        return null;
    }

    /** The kind the detail's wording suggests; null when it suggests none. */
    Kind worded() {
        return wording(detail);
    }

    /** The last resort: what a message says. Used only when neither status nor code decided. */
    static Kind wording(String text) {
        if (text == null) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("rate limit") || t.contains("too many requests")) {
            return Kind.RATE_LIMITED;
        }
        if (t.contains("points") && (t.contains("used up") || t.contains("insufficient") || t.contains("not enough")
                || t.contains("out of"))) {
            return Kind.INSUFFICIENT_POINTS;
        }
        if ((t.contains("bot") || t.contains("model"))
                && (t.contains("does not exist") || t.contains("doesn't exist") || t.contains("not found")
                        || t.contains("unknown bot") || t.contains("no bot"))) {
            return Kind.MODEL_NOT_FOUND;
        }
        if ((t.contains("api key") || t.contains("api_key")) && (t.contains("invalid") || t.contains("incorrect"))) {
            return Kind.AUTHENTICATION;
        }
        return null;
    }

    static String textOf(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static JsonNode parseJson(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String trimmed = body.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            return mapper.readTree(trimmed);
        } catch (Exception e) {
            return null;
        }
    }

    private static String detailOf(JsonNode json, String body) {
        if (json != null) {
            JsonNode error = json.get("error");
            if (error != null && error.isObject() && textOf(error, "message") != null) {
                return textOf(error, "message");
            }
            if (error != null && error.isTextual()) {
                return error.textValue();
            }
            for (String field : new String[] { "message", "detail", "text" }) {
                if (textOf(json, field) != null) {
                    return textOf(json, field);
                }
            }
        }
        return body == null ? null : body.strip();
    }
}
