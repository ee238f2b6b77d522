package dev.poebridge.answer;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.error.ApiException;
import dev.poebridge.poe.BotName;

/**
 * What every Poe-backed text endpoint (chat, legacy completions) asks of the bot, checked once at the edge: the bot,
 * the sampling settings Poe's query takes, and whether and how the answer is streamed.
 */
public record TextOptions(BotName bot, Double temperature, List<String> stop, boolean stream, boolean includeUsage) {

    /** Checks the fields the text endpoints share, in this order: model, temperature, stop (a 400 naming the field). */
    public static TextOptions of(String model, Double temperature, JsonNode stop, Boolean stream, boolean includeUsage) {
        if (model == null || model.isBlank()) {
            throw ApiException.invalidRequest("model", "'model' is required: the name of a Poe bot, e.g. GPT-4o.");
        }
        BotName bot = BotName.of(model);
        if (temperature != null && (temperature.isNaN() || temperature < 0)) {
            throw ApiException.invalidRequest("temperature", "'temperature' must be 0 or more.");
        }
        return new TextOptions(bot, temperature, stopSequences(stop), Boolean.TRUE.equals(stream), includeUsage);
    }

    private static List<String> stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        if (stop.isArray()) {
            List<String> sequences = new ArrayList<>();
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw notStrings();
                }
                sequences.add(s.textValue());
            }
            return sequences;
        }
        throw notStrings();
    }

    private static ApiException notStrings() {
        return ApiException.invalidRequest("stop", "'stop' must be a string or an array of strings.");
    }
}
