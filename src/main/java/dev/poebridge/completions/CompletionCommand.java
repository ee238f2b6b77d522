package dev.poebridge.completions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.answer.TextOptions;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.IncomingFiles;
import dev.poebridge.openai.CompletionRequest;

/**
 * A completion request, checked: what {@link CompletionsService} takes, from the JSON body ({@link #from}) or the
 * multipart form ({@link #fromForm}). Each throws the 400 that names the first bad field; nothing after it checks the
 * request again.
 */
public record CompletionCommand(TextOptions options, String prompt, List<Upload> files) {

    /** A file the caller sent, still in the temporary file Quarkus wrote it to; streamed to Poe from there. */
    public record Upload(Path path, String name, String contentType) {
    }

    /** Checks in this order: the body, model, temperature, stop, prompt. */
    public static CompletionCommand from(CompletionRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'model' and 'prompt'.");
        }
        TextOptions options = TextOptions.of(request.model(), request.temperature(), request.stop(), request.stream(),
                request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage()));
        return new CompletionCommand(options, promptText(request.prompt()), List.of());
    }

    /**
     * Checks in this order: model, prompt, then each file (its size, and its type from its first bytes when it
     * declares none: blocking).
     */
    public static CompletionCommand fromForm(String prompt, String model, String stream, List<FileUpload> files,
            long maxFileSize) {
        TextOptions options = TextOptions.of(model, null, null, "true".equalsIgnoreCase(stream), false);
        String text = requireNonBlank(prompt);
        List<Upload> uploads = new ArrayList<>();
        for (FileUpload file : files) {
            IncomingFiles.IncomingFile checked = IncomingFiles.anyFile(file, uploads.size() + 1, maxFileSize);
            uploads.add(new Upload(checked.path(), checked.name(), checked.contentType()));
        }
        return new CompletionCommand(options, text, uploads);
    }

    /** {@code prompt}: a string, or an array of strings joined with newlines. */
    private static String promptText(JsonNode prompt) {
        if (prompt != null && prompt.isTextual()) {
            return requireNonBlank(prompt.textValue());
        }
        if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : prompt) {
                if (!part.isTextual()) {
                    throw ApiException.invalidRequest("prompt",
                            "'prompt' must be a string or an array of strings (token arrays are not supported).");
                }
                text.append(text.isEmpty() ? "" : "\n").append(part.textValue());
            }
            return requireNonBlank(text.toString());
        }
        throw ApiException.invalidRequest("prompt", "'prompt' is required: a string or an array of strings.");
    }

    private static String requireNonBlank(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' must not be empty.");
        }
        return prompt;
    }
}
