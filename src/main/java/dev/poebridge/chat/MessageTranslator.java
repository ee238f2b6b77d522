package dev.poebridge.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.CallerUrls;
import dev.poebridge.files.DataUrls;
import dev.poebridge.files.MediaTypes;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeFiles;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * OpenAI messages to Poe's {@code query}: one Poe message per OpenAI message, in order. Roles {@code system} and
 * {@code developer} become {@code system}, {@code assistant} becomes {@code bot}; {@code tool} and {@code function}
 * messages are refused, because the bridge gives bots no tools. Text parts are joined with newlines; images and files
 * become attachments of their message, uploaded to Poe before the query: {@code data:} URLs as bytes, http(s) URLs
 * by Poe itself ({@code download_url}), so the bridge never fetches a URL a caller names. Uploads of one request run
 * concurrently and each distinct file is uploaded once.
 */
@ApplicationScoped
public class MessageTranslator {

    private final PoeClient poe;
    private final ChatConfig config;

    MessageTranslator(PoeClient poe, ChatConfig config) {
        this.poe = poe;
        this.config = config;
    }

    /** A file a message refers to, before upload. */
    public record FileRef(String source, String name, String contentType, byte[] bytes, DataUrl dataUrl) {

        /** A file whose bytes are at hand (or that Poe fetches by URL, when {@code bytes} is null). */
        public FileRef(String source, String name, String contentType, byte[] bytes) {
            this(source, name, contentType, bytes, null);
        }
    }

    /** A data URL checked for shape and size, decoded later on a worker thread (megabytes of base64 are CPU work). */
    record DataUrl(String at, String kind, int number, long max, boolean imagesOnly) {
    }

    /** Checks every message (throwing a 400 that names the field) and returns the Poe messages, uploads done. */
    public Uni<List<PoeQuery.Message>> translate(List<ChatCompletionRequest.Message> messages, String apiKey) {
        if (messages == null || messages.isEmpty()) {
            throw ApiException.invalidRequest("messages", "'messages' must hold at least one message.");
        }
        List<Draft> drafts = new ArrayList<>();
        Map<String, FileRef> files = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            drafts.add(draft(messages.get(i), i, files));
        }
        return upload(files, apiKey).map(attachments -> drafts.stream()
                .map(d -> PoeQuery.Message.of(d.role, d.text, d.fileKeys.stream().map(attachments::get).toList()))
                .toList());
    }

    private record Draft(String role, String text, List<String> fileKeys) {
    }

    private Draft draft(ChatCompletionRequest.Message message, int index, Map<String, FileRef> files) {
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

    private void part(JsonNode part, String at, Map<String, FileRef> files, List<String> texts, List<String> keys) {
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
                keys.add(remember(files, fileRef(url, null, "image", files.size(), at + ".image_url.url",
                        config.maxFileSize().asLongValue(), false)));
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
                keys.add(remember(files, fileRef(data, name, "file", files.size(), at + ".file.file_data",
                        config.maxFileSize().asLongValue(), false)));
            }
            default -> throw ApiException.invalidRequest(at + ".type", "Content parts of type '" + type
                    + "' are not supported; use text, image_url or file.");
        }
    }

    private static String remember(Map<String, FileRef> files, FileRef ref) {
        files.putIfAbsent(ref.source(), ref);
        return ref.source();
    }

    /**
     * Images given by URL (the JSON form of image edits): data URLs decoded, size-checked and typed from their bytes
     * (PNG, JPEG, WEBP or GIF, else a 400 naming the entry); http(s) URLs fetched by Poe. Each distinct image is
     * uploaded once.
     */
    public Uni<List<PoeQuery.Attachment>> uploadImages(List<String> urls, String param, long maxBytes, String apiKey) {
        Map<String, FileRef> files = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            keys.add(remember(files, fileRef(urls.get(i), null, "image", files.size(), param + "[" + i + "].image_url",
                    maxBytes, true)));
        }
        return upload(files, apiKey).map(attachments -> keys.stream().map(attachments::get).distinct().toList());
    }

    /** A data URL decoded (and size-checked), or an http(s) URL for Poe to fetch. */
    private FileRef fileRef(String url, String name, String kind, int number, String at, long max, boolean imagesOnly) {
        if (CallerUrls.looksLikeHttp(url)) {
            CallerUrls.httpUrl(url, at);
            return new FileRef(url, name != null ? name : PoeFiles.nameFromUrl(url), null, null);
        }
        if (!DataUrls.isDataUrl(url)) {
            throw ApiException.invalidRequest(at, "Only data: and http(s) URLs are supported.");
        }
        String contentType = DataUrls.declaredType(url, at, max);
        return new FileRef(url, name != null && !name.isBlank() ? name : null, contentType, null,
                new DataUrl(at, kind, number, max, imagesOnly));
    }

    /** Decodes a checked data URL: its bytes, their real type when only images are accepted, and a file name. */
    private static FileRef decode(FileRef ref) {
        DataUrl data = ref.dataUrl();
        byte[] bytes = DataUrls.decode(ref.source(), data.at(), data.max());
        String contentType = data.imagesOnly() ? DataUrls.requireImage(bytes, data.at()) : ref.contentType();
        String fileName = ref.name() != null ? ref.name()
                : data.kind() + "-" + (data.number() + 1) + "." + MediaTypes.extension(contentType);
        return new FileRef(ref.source(), fileName, contentType, bytes);
    }

    private Uni<Map<String, PoeQuery.Attachment>> upload(Map<String, FileRef> files, String apiKey) {
        if (files.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<String, PoeQuery.Attachment>>> uploads = files.values().stream()
                .map(file -> uploadOne(file, apiKey).map(attachment -> Map.entry(file.source(), attachment)))
                .toList();
        return Uni.join().all(uploads).andFailFast()
                .map(entries -> {
                    Map<String, PoeQuery.Attachment> byKey = new LinkedHashMap<>();
                    entries.forEach(e -> byKey.put(e.getKey(), e.getValue()));
                    return byKey;
                });
    }

    private Uni<PoeQuery.Attachment> uploadOne(FileRef file, String apiKey) {
        if (file.dataUrl() != null) {
            return Uni.createFrom().item(() -> decode(file)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(decoded -> poe.upload(decoded.bytes(), decoded.name(), decoded.contentType(), apiKey));
        }
        return file.bytes() != null
                ? poe.upload(file.bytes(), file.name(), file.contentType(), apiKey)
                : poe.uploadFromUrl(file.source(), file.name(), apiKey);
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
