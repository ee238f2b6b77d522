package dev.poebridge.conversations;

import static dev.poebridge.conversations.Fields.capped;
import static dev.poebridge.conversations.Fields.optionalText;
import static dev.poebridge.conversations.Fields.requiredText;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.error.ApiException;
import dev.poebridge.files.DataUrls;
import dev.poebridge.store.Ids;

/**
 * Input items as clients send them, turned into items as the API returns them. Messages come in OpenAI's easy form
 * ({@code type} optional, {@code content} a string) or as a list of parts, and leave with an {@code id}, {@code type},
 * {@code status} and parts that carry every field the OpenAI SDKs require ({@code annotations} on output text,
 * {@code detail} on images). {@code image_generation_call} items are accepted too, because clients replay what the
 * bridge stored. Fields the bridge does not know are left out rather than stored unchecked.
 */
final class InputItems {

    static final int MAX_ITEMS = 20;
    static final int MAX_PARTS = 100;
    /** One text part: 1 MiB of characters, far above any prompt and far below the JSON body limit. */
    static final int MAX_TEXT = 1 << 20;
    static final int MAX_URL = 8192;
    /** A data URL or a base64 image result: 20 MiB of characters (about 15 MB of image). */
    static final int MAX_INLINE_IMAGE = 20 << 20;

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> DETAILS = Set.of("low", "high", "auto", "original");
    private static final Set<String> IMAGE_CALL_STATUSES = Set.of("in_progress", "completed", "generating", "failed");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InputItems() {
    }

    /** The items of {@code items}, each with a new id; a missing list is none, unless one is {@code required}. */
    static List<ObjectNode> read(JsonNode items, boolean required) {
        if (items == null || items.isNull()) {
            if (required) {
                throw ApiException.invalidRequest("items", "'items' is required: a list of up to " + MAX_ITEMS + " items.");
            }
            return List.of();
        }
        if (!items.isArray()) {
            throw ApiException.invalidRequest("items", "'items' must be a list of items.");
        }
        if (required && items.isEmpty()) {
            throw ApiException.invalidRequest("items", "'items' must hold at least one item.");
        }
        if (items.size() > MAX_ITEMS) {
            throw ApiException.invalidRequest("items", "At most " + MAX_ITEMS + " items can be added at a time; got "
                    + items.size() + ".");
        }
        List<ObjectNode> read = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            read.add(item(items.get(i), "items[" + i + "]"));
        }
        return read;
    }

    private static ObjectNode item(JsonNode item, String at) {
        if (!item.isObject()) {
            throw ApiException.invalidRequest(at, "'" + at + "' must be an object.");
        }
        String type = optionalText(item, "type", at);
        if (type == null || type.equals("message")) {
            return message(item, at);
        }
        if (type.equals("image_generation_call")) {
            return imageGenerationCall(item, at);
        }
        throw ApiException.invalidRequest(at + ".type", "Unsupported item type '" + type
                + "': this bridge keeps 'message' and 'image_generation_call' items.");
    }

    private static ObjectNode message(JsonNode item, String at) {
        String role = requiredText(item, "role", at);
        if (!ROLES.contains(role)) {
            throw ApiException.invalidRequest(at + ".role", "'" + at + ".role' must be one of user, assistant, system, "
                    + "developer.");
        }
        JsonNode content = item.get("content");
        String contentAt = at + ".content";
        ArrayNode parts = NODES.arrayNode();
        if (content != null && content.isTextual()) {
            // OpenAI's convention for the easy form: what the assistant said is output, everything else input
            parts.add(text(role.equals("assistant") ? "output_text" : "input_text", content.textValue(), contentAt));
        } else if (content != null && content.isArray()) {
            if (content.size() > MAX_PARTS) {
                throw ApiException.invalidRequest(contentAt, "'" + contentAt + "' has " + content.size()
                        + " parts; at most " + MAX_PARTS + " are allowed.");
            }
            for (int j = 0; j < content.size(); j++) {
                parts.add(part(content.get(j), contentAt + "[" + j + "]"));
            }
        } else {
            throw ApiException.invalidRequest(contentAt, "'" + contentAt + "' must be a string or a list of content parts.");
        }
        ObjectNode message = NODES.objectNode();
        message.put("id", Ids.next("msg_"));
        message.put("type", "message");
        message.put("status", "completed");
        message.put("role", role);
        message.set("content", parts);
        return message;
    }

    private static ObjectNode part(JsonNode part, String at) {
        if (!part.isObject()) {
            throw ApiException.invalidRequest(at, "'" + at + "' must be an object.");
        }
        String type = requiredText(part, "type", at);
        return switch (type) {
            case "input_text" -> text(type, requiredText(part, "text", at), at + ".text");
            case "output_text" -> outputText(part, at);
            case "input_image" -> image(part, at);
            default -> throw ApiException.invalidRequest(at + ".type", "Unsupported content part type '" + type
                    + "': this bridge keeps input_text, output_text and input_image parts.");
        };
    }

    private static ObjectNode text(String type, String text, String at) {
        ObjectNode part = NODES.objectNode();
        part.put("type", type);
        part.put("text", capped(text, MAX_TEXT, at));
        if (type.equals("output_text")) {
            part.set("annotations", NODES.arrayNode());
        }
        return part;
    }

    private static ObjectNode outputText(JsonNode given, String at) {
        ObjectNode part = text("output_text", requiredText(given, "text", at), at + ".text");
        JsonNode annotations = given.get("annotations");
        if (annotations != null && !annotations.isNull()) {
            if (!annotations.isArray()) {
                throw ApiException.invalidRequest(at + ".annotations", "'" + at + ".annotations' must be a list.");
            }
            part.set("annotations", annotations);
        }
        return part;
    }

    private static ObjectNode image(JsonNode given, String at) {
        String url = optionalText(given, "image_url", at);
        String fileId = capped(optionalText(given, "file_id", at), 256, at + ".file_id");
        if (url == null && fileId == null) {
            throw ApiException.invalidRequest(at + ".image_url", "An input_image needs 'image_url' or 'file_id'.");
        }
        String detail = optionalText(given, "detail", at);
        if (detail != null && !DETAILS.contains(detail)) {
            throw ApiException.invalidRequest(at + ".detail", "'" + at + ".detail' must be one of low, high, auto, original.");
        }
        ObjectNode part = NODES.objectNode();
        part.put("type", "input_image");
        if (url != null) {
            part.put("image_url", imageUrl(url, at + ".image_url"));
        }
        if (fileId != null) {
            part.put("file_id", fileId);
        }
        part.put("detail", detail == null ? "auto" : detail);
        return part;
    }

    private static String imageUrl(String url, String at) {
        if (DataUrls.isDataUrl(url)) {
            if (!DataUrls.isBase64(url)) {
                throw ApiException.invalidRequest(at, "Data URLs must be base64 ('data:<type>;base64,<data>').");
            }
            return capped(url, MAX_INLINE_IMAGE, at);
        }
        capped(url, MAX_URL, at);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException malformed) {
            // answered below
        }
        throw ApiException.invalidRequest(at, "'" + at + "' must be an http(s) URL or a base64 data URL.");
    }

    private static ObjectNode imageGenerationCall(JsonNode given, String at) {
        String status = optionalText(given, "status", at);
        if (status != null && !IMAGE_CALL_STATUSES.contains(status)) {
            throw ApiException.invalidRequest(at + ".status", "'" + at + ".status' must be one of in_progress, "
                    + "completed, generating, failed.");
        }
        ObjectNode call = NODES.objectNode();
        call.put("id", Ids.next("ig_"));
        call.put("type", "image_generation_call");
        call.put("status", status == null ? "completed" : status);
        String result = capped(optionalText(given, "result", at), MAX_INLINE_IMAGE, at + ".result");
        if (result != null) {
            call.put("result", result);
        }
        return call;
    }
}
