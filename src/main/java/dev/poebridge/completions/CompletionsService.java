package dev.poebridge.completions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.TextReplies;
import dev.poebridge.answer.FinalAnswer;
import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.TokenEstimate;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.TextCompletion;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeEvent;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The Poe extension behind {@code /v1/completions}: the prompt (and any uploaded files) as one user message, the
 * bot's answer as completion text, file URLs included as markdown links, so scripts get image URLs as plain text.
 */
@ApplicationScoped
public class CompletionsService {

    private final PoeClient poe;
    private final TextReplies chat;
    private final ObjectMapper mapper;

    CompletionsService(PoeClient poe, TextReplies chat, ObjectMapper mapper) {
        this.poe = poe;
        this.chat = chat;
        this.mapper = mapper;
    }

    /** A prompt and files, checked: what both the JSON and the multipart form turn into. */
    public record Prompt(String text, List<Upload> files) {
    }

    /** A file the caller sent, still in the temporary file Quarkus wrote it to; streamed to Poe from there. */
    public record Upload(java.nio.file.Path path, String name, String contentType) {
    }

    public Uni<HttpReply> complete(TextReplies.Call call, Prompt prompt, String apiKey) {
        int promptTokens = TokenEstimate.of(prompt.text());
        Uni<List<PoeQuery.Attachment>> attachments = prompt.files().isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(prompt.files().stream()
                        .map(file -> poe.uploadFile(file.path(), file.name(), file.contentType(), apiKey)).toList())
                        .andFailFast();
        return attachments.map(uploaded -> List.of(PoeQuery.Message.of("user", prompt.text(), uploaded))).chain(messages -> {
            Multi<PoeEvent> reply = poe.query(call.bot(), messages, call.temperature(), call.stop(), apiKey);
            String id = "cmpl-" + TextReplies.randomId();
            long created = Instant.now().getEpochSecond();
            AnswerLimit limit = chat.answerLimit(call.bot());
            if (!call.stream()) {
                return reply.collect().in(() -> new FinalAnswer(limit), FinalAnswer::accept)
                        .map(answer -> HttpReply.json(chat.bytes(new TextCompletion(id, created, call.bot().value(),
                                List.of(new TextCompletion.Choice(answer.content(), 0, null, "stop")),
                                Optional.of(Usage.of(promptTokens, TokenEstimate.of(answer.plainText())))))));
            }
            return chat.startStream(reply,
                    new CompletionChunks(id, created, call.bot().value(), call.includeUsage(), promptTokens, mapper), limit,
                    call.hold());
        }).onFailure().recoverWithItem(chat::failure);
    }

    /** {@code prompt}: a string, or an array of strings joined with newlines. */
    public static String promptText(JsonNode prompt) {
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

    static String requireNonBlank(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' must not be empty.");
        }
        return prompt;
    }
}
