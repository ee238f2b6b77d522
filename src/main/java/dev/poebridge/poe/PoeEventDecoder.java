package dev.poebridge.poe;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;

/**
 * Turns one SSE frame of a bot reply into a {@link PoeEvent}, following the Python client's rules: {@code data} must
 * be a JSON object (text that is not JSON is a non-retryable protocol error; JSON that is not an object a retryable
 * one); {@code ping} and unknown events are ignored; an {@code error} event becomes a classified
 * {@link PoeException}.
 */
final class PoeEventDecoder {

    private final ObjectMapper mapper;
    private final BotName bot;
    private final KeyScrubber keys;

    PoeEventDecoder(ObjectMapper mapper, BotName bot, KeyScrubber keys) {
        this.mapper = mapper;
        this.bot = bot;
        this.keys = keys;
    }

    static boolean isDone(SseFrameParser.Frame frame) {
        return "done".equals(frame.event());
    }

    /** The event, or null for events that carry nothing for the caller (ping, unknown, later meta). */
    PoeEvent decode(SseFrameParser.Frame frame) {
        return switch (frame.event()) {
            case "meta" -> new PoeEvent.Meta(optionalText(object(frame), "content_type"));
            case "text" -> new PoeEvent.Text(requiredText(object(frame), "text", frame));
            case "replace_response" -> new PoeEvent.Replace(requiredText(object(frame), "text", frame));
            case "suggested_reply" -> new PoeEvent.SuggestedReply(requiredText(object(frame), "text", frame));
            case "json" -> new PoeEvent.Json(object(frame));
            case "file" -> file(object(frame), frame);
            case "error" -> throw errorEvent(frame);
            default -> null; // ping, data (metadata), and events newer than this bridge
        };
    }

    /**
     * Scrubbed before it is read: Poe may quote the request, key included, and the message it becomes is clipped,
     * which could cut a key in two that no later scrubbing would recognise.
     */
    private PoeException errorEvent(SseFrameParser.Frame frame) {
        String data = keys.scrub(frame.data());
        return PoeFailures.fromErrorEvent(bot, object(frame.event(), data), data);
    }

    private PoeEvent.File file(JsonNode data, SseFrameParser.Frame frame) {
        String url = requiredText(data, "url", frame);
        String name = optionalText(data, "name");
        if (name == null || name.isBlank()) {
            name = PoeFiles.nameFromUrl(url);
        }
        return new PoeEvent.File(url, optionalText(data, "content_type"), name, optionalText(data, "inline_ref"));
    }

    private JsonNode object(SseFrameParser.Frame frame) {
        return object(frame.event(), frame.data());
    }

    private JsonNode object(String event, String data) {
        JsonNode node;
        try {
            node = mapper.readTree(data);
        } catch (IOException e) {
            throw PoeFailures.protocol(bot, false, "sent a '" + event + "' event whose data is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw PoeFailures.protocol(bot, true, "sent a '" + event + "' event whose data is not a JSON object");
        }
        return node;
    }

    private String requiredText(JsonNode data, String field, SseFrameParser.Frame frame) {
        JsonNode value = data.get(field);
        if (value == null || !value.isTextual()) {
            throw PoeFailures.protocol(bot, value == null,
                    "sent a '" + frame.event() + "' event without a string '" + field + "'");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
