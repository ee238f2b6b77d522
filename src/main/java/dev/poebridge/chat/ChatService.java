package dev.poebridge.chat;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.FinalAnswer;
import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.TextReplies;
import dev.poebridge.answer.TokenEstimate;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ChatCompletion;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeEvent;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions over a Poe bot: the request is checked before anything starts, files are uploaded, the bot is
 * queried, and its reply becomes one JSON body or a stream of chunks ({@link TextReplies}).
 */
@ApplicationScoped
public class ChatService {

    private final PoeClient poe;
    private final MessageTranslator translator;
    private final TextReplies replies;
    private final ObjectMapper mapper;

    ChatService(PoeClient poe, MessageTranslator translator, TextReplies replies, ObjectMapper mapper) {
        this.poe = poe;
        this.translator = translator;
        this.replies = replies;
        this.mapper = mapper;
    }

    public Uni<HttpReply> complete(ChatCompletionRequest request, String apiKey) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'model' and 'messages'.");
        }
        TextReplies.Call call = replies.call(request.model(), request.temperature(), request.stop(), request.stream(),
                request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage()));
        if (request.n() != null && request.n() != 1) {
            throw ApiException.invalidRequest("n", "Only n=1 is supported: a Poe bot gives one answer per query.");
        }
        Uni<List<PoeQuery.Message>> messages = translator.translate(request.messages(), apiKey);
        int promptTokens = promptTokens(request.messages());
        return messages.chain(poeMessages -> {
            Multi<PoeEvent> reply = poe.query(call.bot(), poeMessages, call.temperature(), call.stop(), apiKey);
            String id = "chatcmpl-" + TextReplies.randomId();
            long created = Instant.now().getEpochSecond();
            AnswerLimit limit = replies.answerLimit(call.bot());
            if (!call.stream()) {
                return reply.collect().in(() -> new FinalAnswer(limit), FinalAnswer::accept)
                        .map(answer -> HttpReply.json(replies.bytes(ChatCompletion.of(id, created, call.bot().value(), answer.content(),
                                Usage.of(promptTokens, TokenEstimate.of(answer.plainText()))))));
            }
            ChatChunks shape = new ChatChunks(id, created, call.bot().value(), call.includeUsage(), promptTokens, mapper);
            return replies.startStream(reply, shape, limit, call.hold());
        }).onFailure().recoverWithItem(replies::failure);
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
