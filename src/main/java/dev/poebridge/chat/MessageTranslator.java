package dev.poebridge.chat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.CallerFiles;
import dev.poebridge.files.MediaTypes;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Uni;

/**
 * OpenAI messages to Poe's {@code query}: one Poe message per OpenAI message, in order. Roles {@code system} and
 * {@code developer} become {@code system}, {@code assistant} becomes {@code bot}; {@code tool} and {@code function}
 * messages are refused, because the bridge gives bots no tools. Text parts are joined with newlines; images and files
 * become attachments of their message, checked with the request ({@link #check}) and uploaded to Poe before the query
 * ({@link CallerFiles}).
 */
@ApplicationScoped
public class MessageTranslator {

    private final CallerFiles callerFiles;
    private final ChatConfig config;

    MessageTranslator(CallerFiles callerFiles, ChatConfig config) {
        this.callerFiles = callerFiles;
        this.config = config;
    }

    /** Checks every message (throwing a 400 that names the field) and gathers their files; nothing is uploaded yet. */
    public Checked check(List<ChatCompletionRequest.Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ApiException.invalidRequest("messages", "'messages' must hold at least one message.");
        }
        List<Draft> drafts = new ArrayList<>();
        CallerFiles.Batch files = callerFiles.batch();
        for (int i = 0; i < messages.size(); i++) {
            drafts.add(draft(messages.get(i), i, files));
        }
        return new Checked(drafts, files);
    }

    /** Checked messages and their files: Poe's messages once the files are uploaded. */
    public record Checked(List<Draft> drafts, CallerFiles.Batch files) {

        public Uni<List<PoeQuery.Message>> upload(String apiKey) {
            return files.upload(apiKey).map(attachments -> drafts.stream()
                    .map(d -> PoeQuery.Message.of(d.role, d.text, d.fileKeys.stream().map(attachments::get).toList()))
                    .toList());
        }
    }

    /** One message, checked: its Poe role, its text, and the keys of its files in the batch. */
    public record Draft(String role, String text, List<String> fileKeys) {
    }

    private Draft draft(ChatCompletionRequest.Message message, int index, CallerFiles.Batch files) {
        String at = "messages[" + index + "]";
        if (message == null) {
            throw ApiException.invalidRequest(at, "Message " + index + " is null.");
        }
        String role = poeRole(message.role(), at);
        JsonNode content = message.content();
        List<String> texts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (content == null || content.isNull()) {
            // assistant messages that only carried tool calls
        } else if (content.isTextual()) {
            texts.add(content.textValue());
        } else if (content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                part(content.get(j), at + ".content[" + j + "]", files, texts, keys);
            }
        } else {
            throw ApiException.invalidRequest(at + ".content", "'content' must be a string or an array of parts.");
        }
        return new Draft(role, String.join("\n", texts), keys);
    }

    private static String poeRole(String role, String at) {
        if (role == null) {
            throw ApiException.invalidRequest(at + ".role", "Every message needs a 'role'.");
        }
        return switch (role) {
            case "system", "developer" -> "system";
            case "user" -> "user";
            case "assistant" -> "bot";
            case "tool", "function" -> throw ApiException.invalidRequest(at + ".role",
                    "'" + role + "' messages are not supported: this bridge does not give Poe bots tools, so there "
                            + "are no tool results to send. Put the information in a user message instead.");
            default -> throw ApiException.invalidRequest(at + ".role", "Unknown role '" + role
                    + "'; use system, developer, user or assistant.");
        };
    }

    private void part(JsonNode part, String at, CallerFiles.Batch files, List<String> texts, List<String> keys) {
        String type = part == null ? null : text(part, "type");
        if (type == null) {
            throw ApiException.invalidRequest(at + ".type", "Every content part needs a 'type'.");
        }
        switch (type) {
            case "text" -> texts.add(required(part, "text", at));
            case "refusal" -> texts.add(required(part, "refusal", at));
            case "image_url" -> {
                JsonNode image = part.get("image_url");
                String url = image != null && image.isTextual() ? image.textValue() : text(image, "url");
                if (url == null || url.isBlank()) {
                    throw ApiException.invalidRequest(at + ".image_url.url", "An image_url part needs a 'url'.");
                }
                keys.add(files.add(url, null, "image", at + ".image_url.url", config.maxFileSize().asLongValue(), false));
            }
            case "file" -> {
                JsonNode file = part.get("file");
                String data = text(file, "file_data");
                if (data == null) {
                    throw ApiException.invalidRequest(at + ".file", text(file, "file_id") != null
                            ? "'file_id' is not supported (Poe has no file store): send the file as 'file_data'."
                            : "A file part needs 'file_data'.");
                }
                String name = text(file, "filename");
                if (!data.regionMatches(true, 0, "data:", 0, 5)) {
                    data = "data:" + MediaTypes.fromFileName(name) + ";base64," + data;
                }
                keys.add(files.add(data, name, "file", at + ".file.file_data", config.maxFileSize().asLongValue(), false));
            }
            default -> throw ApiException.invalidRequest(at + ".type", "Content parts of type '" + type
                    + "' are not supported; use text, image_url or file.");
        }
    }

    private static String required(JsonNode part, String field, String at) {
        String value = text(part, field);
        if (value == null) {
            throw ApiException.invalidRequest(at + "." + field, "This content part needs a string '" + field + "'.");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
