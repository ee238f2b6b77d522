package dev.poebridge.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.conversation.ConversationItems;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.store.StoredItem;

/**
 * Chat in a conversation ({@code conversation}, Jan's field: an id or {@code {id}}). The conversation's items become
 * chat messages sent before the request's own ({@link #messages}); the request's closing user messages become items
 * ({@link #items}), appended with the answer once it is complete. The rest of the request (system and developer
 * prompts, earlier turns) is sent but not kept: clients such as Jan send their system prompt again on every turn, and
 * would fill the conversation with copies of it.
 * <ul>
 * <li>Message items keep their role (unknown roles are left out) and their parts: text parts as text,
 * {@code input_image} as an {@code image_url} part and {@code input_file} with its data as a {@code file} part, so
 * that they are checked and uploaded as the request's own would be; other parts are left out.</li>
 * <li>An {@code image_generation_call} is an assistant message showing the image's URL; one kept as base64 (the caller
 * asked for {@code b64_json}) is a short note instead, because sending the image again on every turn would cost an
 * upload each time.</li>
 * <li>Other item types are left out.</li>
 * </ul>
 */
final class ChatConversation {

    /** The conversation a request names, and the request's closing user messages as items to append with the answer. */
    record Target(String id, List<ObjectNode> requestItems) {

        /** What is appended once the answer is complete: the request's closing user messages, then the answer. */
        List<ObjectNode> itemsWith(String answer) {
            List<ObjectNode> items = new ArrayList<>(requestItems);
            items.add(ConversationItems.assistantText(answer));
            return items;
        }
    }

    static final String BASE64_IMAGE_NOTE = "(An image was generated here.)";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChatConversation() {
    }

    /** The conversation {@code conversation} names, or null without one; anything but an id or {@code {id}} is a 400. */
    static Target target(JsonNode conversation, List<ChatCompletionRequest.Message> messages) {
        if (conversation == null || conversation.isNull()) {
            return null;
        }
        JsonNode id = conversation.isObject() ? conversation.get("id") : conversation;
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            throw ApiException.invalidRequest("conversation",
                    "'conversation' must be a conversation id or an object with its 'id'.");
        }
        return new Target(id.textValue(), items(closingUserMessages(messages)));
    }

    /** The run of {@code user} messages the request ends with (normally one): the turn it adds. */
    static List<ChatCompletionRequest.Message> closingUserMessages(List<ChatCompletionRequest.Message> messages) {
        int start = messages.size();
        while (start > 0 && "user".equals(messages.get(start - 1).role())) {
            start--;
        }
        return messages.subList(start, messages.size());
    }

    /** The request's messages (already checked) as message items. */
    static List<ObjectNode> items(List<ChatCompletionRequest.Message> messages) {
        List<ObjectNode> items = new ArrayList<>();
        for (ChatCompletionRequest.Message message : messages) {
            String textType = "assistant".equals(message.role()) ? "output_text" : "input_text";
            List<ObjectNode> parts = new ArrayList<>();
            JsonNode content = message.content();
            if (content != null && content.isTextual()) {
                parts.add(text(textType, content.textValue()));
            } else if (content != null && content.isArray()) {
                content.forEach(part -> itemPart(part, textType, parts));
            }
            if (!parts.isEmpty()) {
                items.add(ConversationItems.message(message.role(), parts));
            }
        }
        return items;
    }

    /** The stored items as chat messages, in order. */
    static List<ChatCompletionRequest.Message> messages(List<StoredItem> stored) {
        List<ChatCompletionRequest.Message> messages = new ArrayList<>();
        for (StoredItem item : stored) {
            JsonNode body = item.body();
            switch (body.path("type").asText("message")) {
                case "message" -> {
                    String role = body.path("role").asText();
                    ArrayNode parts = chatParts(body.get("content"));
                    if (List.of("user", "assistant", "system", "developer").contains(role) && !parts.isEmpty()) {
                        messages.add(new ChatCompletionRequest.Message(role, parts, null));
                    }
                }
                case "image_generation_call" -> {
                    String result = body.path("result").asText("");
                    boolean url = result.startsWith("https://") || result.startsWith("http://");
                    messages.add(new ChatCompletionRequest.Message("assistant",
                            JSON.textNode(url ? "![generated image](" + result + ")" : BASE64_IMAGE_NOTE), null));
                }
                default -> {
                    // no chat message says what other items (tool calls, reasoning) were
                }
            }
        }
        return messages;
    }

    private static void itemPart(JsonNode part, String textType, List<ObjectNode> parts) {
        switch (part.path("type").asText()) {
            case "text" -> parts.add(text(textType, part.path("text").asText()));
            case "refusal" -> parts.add(text(textType, part.path("refusal").asText()));
            case "image_url" -> {
                JsonNode image = part.get("image_url");
                String url = image.isTextual() ? image.textValue() : image.path("url").asText();
                parts.add(ConversationItems.inputImage(url, image.path("detail").isTextual()
                        ? image.path("detail").textValue() : null));
            }
            case "file" -> {
                JsonNode file = part.path("file");
                ObjectNode input = JSON.objectNode().put("type", "input_file").put("file_data",
                        file.path("file_data").asText());
                if (file.path("filename").isTextual()) {
                    input.put("filename", file.path("filename").textValue());
                }
                parts.add(input);
            }
            default -> {
                // refused by the check before this point
            }
        }
    }

    private static ObjectNode text(String type, String text) {
        return "output_text".equals(type) ? ConversationItems.outputText(text) : ConversationItems.inputText(text);
    }

    private static ArrayNode chatParts(JsonNode content) {
        ArrayNode parts = JSON.arrayNode();
        if (content != null && content.isTextual()) {
            parts.addObject().put("type", "text").put("text", content.textValue());
            return parts;
        }
        for (JsonNode part : content == null || !content.isArray() ? JSON.arrayNode() : content) {
            switch (part.path("type").asText()) {
                case "input_text", "output_text", "text" -> parts.addObject().put("type", "text")
                        .put("text", part.path("text").asText());
                case "refusal" -> parts.addObject().put("type", "text").put("text", part.path("refusal").asText());
                case "input_image" -> {
                    if (part.path("image_url").isTextual()) {
                        parts.addObject().put("type", "image_url").putObject("image_url")
                                .put("url", part.path("image_url").textValue());
                    }
                }
                case "input_file" -> {
                    if (part.path("file_data").isTextual()) {
                        ObjectNode file = parts.addObject().put("type", "file").putObject("file")
                                .put("file_data", part.path("file_data").textValue());
                        if (part.path("filename").isTextual()) {
                            file.put("filename", part.path("filename").textValue());
                        }
                    }
                }
                default -> {
                    // parts a Poe bot cannot be given
                }
            }
        }
        return parts;
    }
}
