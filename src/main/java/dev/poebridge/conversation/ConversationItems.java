package dev.poebridge.conversation;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.store.Ids;

/**
 * The conversation items the image and chat endpoints append, in the shapes the Conversations API returns and the
 * official SDKs validate: every item has its {@code id} and {@code status: "completed"}; {@code output_text} parts
 * carry {@code annotations: []} and {@code input_image} parts a {@code detail}, because validating clients refuse
 * items without them.
 */
public final class ConversationItems {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConversationItems() {
    }

    /** A message item ({@code msg_…}) of this role with these content parts. */
    public static ObjectNode message(String role, List<ObjectNode> parts) {
        ObjectNode item = JSON.objectNode().put("type", "message").put("id", Ids.next("msg_")).put("status", "completed")
                .put("role", role);
        ArrayNode content = item.putArray("content");
        parts.forEach(content::add);
        return item;
    }

    /** The user's words as one message. */
    public static ObjectNode userText(String text) {
        return message("user", List.of(inputText(text)));
    }

    /** An assistant's answer as one message. */
    public static ObjectNode assistantText(String text) {
        return message("assistant", List.of(outputText(text)));
    }

    public static ObjectNode inputText(String text) {
        return JSON.objectNode().put("type", "input_text").put("text", text);
    }

    public static ObjectNode outputText(String text) {
        ObjectNode part = JSON.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    /** An image given by URL (https or data URL); {@code detail} is {@code auto} unless the caller chose one. */
    public static ObjectNode inputImage(String url, String detail) {
        return JSON.objectNode().put("type", "input_image").put("image_url", url)
                .put("detail", detail == null ? "auto" : detail);
    }

    /**
     * A generated image ({@code ig_…}): {@code result} is the image as the caller received it, base64 or its URL;
     * {@code outputFormat} and {@code size} are written only when known.
     */
    public static ObjectNode imageGenerationCall(String result, String outputFormat, String size) {
        ObjectNode item = JSON.objectNode().put("type", "image_generation_call").put("id", Ids.next("ig_"))
                .put("status", "completed").put("result", result);
        if (outputFormat != null) {
            item.put("output_format", outputFormat);
        }
        if (size != null) {
            item.put("size", size);
        }
        return item;
    }
}
