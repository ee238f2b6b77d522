package dev.poebridge.chat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.answer.TextOptions;
import dev.poebridge.answer.TokenEstimate;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ChatCompletionRequest;

/**
 * A chat completion request, checked: what {@link ChatService} takes; {@code conversation} is null unless it names one. Built at the edge by {@link #from}, which throws
 * the 400 that names the first bad field; nothing after it checks the request again.
 */
public record ChatCommand(TextOptions options, MessageTranslator.Checked messages, int promptTokens,
        ChatConversation.Target conversation) {

    /** Checks in this order: the body, model, temperature, stop, n, every message and its parts, conversation. */
    public static ChatCommand from(ChatCompletionRequest request, MessageTranslator translator) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'model' and 'messages'.");
        }
        TextOptions options = TextOptions.of(request.model(), request.temperature(), request.stop(), request.stream(),
                request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage()));
        if (request.n() != null && request.n() != 1) {
            throw ApiException.invalidRequest("n", "Only n=1 is supported: a Poe bot gives one answer per query.");
        }
        MessageTranslator.Checked messages = translator.check(request.messages());
        return new ChatCommand(options, messages, promptTokens(request.messages()),
                ChatConversation.target(request.conversation(), request.messages()));
    }

    /**
     * The prompt's text only: serialising a message's parts to count them would copy every data URL in it (tens of
     * megabytes of base64 for one image) and count an image as millions of tokens.
     */
    private static int promptTokens(List<ChatCompletionRequest.Message> messages) {
        long chars = 0;
        for (ChatCompletionRequest.Message message : messages) {
            JsonNode content = message == null ? null : message.content();
            if (content != null && content.isTextual()) {
                chars += content.textValue().length();
            } else if (content != null && content.isArray()) {
                for (JsonNode part : content) {
                    JsonNode text = part.path("text");
                    chars += text.isTextual() ? text.textValue().length() : 0;
                }
            }
        }
        return TokenEstimate.ofLength(chars);
    }
}
