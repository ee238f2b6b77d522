package dev.poebridge.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.error.ErrorMapper;
import dev.poebridge.files.ResponseHold;
import dev.poebridge.ops.ActiveStreams;
import dev.poebridge.openai.ChatCompletion;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.BotName;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeEvent;
import dev.poebridge.poe.PoeQuery;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Chat completions over a Poe bot: the request is checked before anything starts, files are uploaded, the bot is
 * queried, and its reply becomes one JSON body or a stream of chunks. For streams, the HTTP status waits for Poe's
 * first event (up to {@code chat.status-wait}) so that early failures keep their real status.
 */
@ApplicationScoped
public class ChatService {

    private final PoeClient poe;
    private final MessageTranslator translator;
    private final ChatConfig config;
    private final ObjectMapper mapper;
    private final ActiveStreams streams;
    private final CurrentVertxRequest currentRequest;
    private final io.vertx.core.buffer.Buffer shutdownFrame;

    ChatService(PoeClient poe, MessageTranslator translator, ChatConfig config, ObjectMapper mapper,
            ActiveStreams streams, CurrentVertxRequest currentRequest) {
        this.currentRequest = currentRequest;
        this.poe = poe;
        this.translator = translator;
        this.config = config;
        this.mapper = mapper;
        this.streams = streams;
        this.shutdownFrame = AnswerStream.json(dev.poebridge.openai.ErrorResponse.of(
                "The bridge is shutting down; send the request again.", "api_error", null, "server_shutting_down"), mapper);
    }

    /** What the bot is asked, checked; shared with the legacy completions endpoint. */
    /** A checked request, with what it holds until its response is done (a stream's place). */
    public record Call(BotName bot, Double temperature, List<String> stop, boolean stream, boolean includeUsage,
            ResponseHold hold) {
    }

    public Uni<HttpReply> complete(ChatCompletionRequest request, String apiKey) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'model' and 'messages'.");
        }
        Call call = call(request.model(), request.temperature(), request.stop(), request.stream(),
                request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage()));
        if (request.n() != null && request.n() != 1) {
            throw ApiException.invalidRequest("n", "Only n=1 is supported: a Poe bot gives one answer per query.");
        }
        Uni<List<PoeQuery.Message>> messages = translator.translate(request.messages(), apiKey);
        int promptTokens = promptTokens(request.messages());
        return messages.chain(poeMessages -> {
            Multi<PoeEvent> reply = poe.query(call.bot(), poeMessages, call.temperature(), call.stop(), apiKey);
            String id = "chatcmpl-" + randomId();
            long created = Instant.now().getEpochSecond();
            AnswerLimit limit = answerLimit(call.bot());
            if (!call.stream()) {
                return reply.collect().in(() -> new FinalAnswer(limit), FinalAnswer::accept)
                        .map(answer -> HttpReply.json(bytes(ChatCompletion.of(id, created, call.bot().value(), answer.content(),
                                Usage.of(promptTokens, TokenEstimate.of(answer.plainText()))))));
            }
            ChatChunks shape = new ChatChunks(id, created, call.bot().value(), call.includeUsage(), promptTokens, mapper);
            return startStream(reply, shape, limit, call.hold());
        }).onFailure().recoverWithItem(this::failure);
    }

    /** Checks what every Poe-backed text endpoint shares. */
    public Call call(String model, Double temperature, JsonNode stop, Boolean stream, boolean includeUsage) {
        if (model == null || model.isBlank()) {
            throw ApiException.invalidRequest("model", "'model' is required: the name of a Poe bot, e.g. GPT-4o.");
        }
        BotName bot = BotName.of(model);
        if (temperature != null && (temperature.isNaN() || temperature < 0)) {
            throw ApiException.invalidRequest("temperature", "'temperature' must be 0 or more.");
        }
        return new Call(bot, temperature, stopSequences(stop), Boolean.TRUE.equals(stream), includeUsage, requestHold());
    }

    /** How much of this bot's answer may be held ({@code chat.max-answer-size}). */
    public AnswerLimit answerLimit(BotName bot) {
        return new AnswerLimit(bot.value(), config.maxAnswerSize().asLongValue());
    }

    /** Waits for the stream's first event, then streams with heartbeats; an earlier failure becomes a status. */
    public Uni<HttpReply> startStream(Multi<PoeEvent> reply, AnswerStream.Shape shape, AnswerLimit limit,
            ResponseHold hold) {
        ActiveStreams.Slot slot = streams.reserve(); // a fast 503 when the bridge serves its maximum of streams
        // A client that leaves after the status is settled but before Quarkus subscribes to the stream is never seen by
        // the stream itself, so the place is also given back when the request is done, whatever happened.
        hold.until(slot::release);
        return StreamStart.afterFirstItem(reply, config.statusWait())
                .map(rest -> HttpReply.eventStream(Heartbeats.around(AnswerStream.frames(rest, shape, limit, mapper),
                        config.heartbeatInterval(), streams, slot, shutdownFrame)))
                .onFailure().invoke(slot::release)
                .onCancellation().invoke(slot::release);
    }

    /**
     * Released when this request is done, whatever happened: registered now, on the request's own thread, because the
     * request context is not there any more in the pipeline's later steps.
     */
    private ResponseHold requestHold() {
        ResponseHold hold = new ResponseHold();
        RoutingContext request;
        try {
            request = currentRequest.getCurrent();
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            request = null; // not serving an HTTP request (a test calling the service directly)
        }
        if (request != null) {
            QuarkusRequestWrapper.get(request.request()).addRequestDoneHandler(done -> hold.release());
        }
        return hold;
    }

    public HttpReply failure(Throwable failure) {
        ErrorMapper.Failure described = ErrorMapper.describe(failure);
        return HttpReply.failure(described, bytes(described.body()));
    }

    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
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
                    throw ApiException.invalidRequest("stop", "'stop' must be a string or an array of strings.");
                }
                sequences.add(s.textValue());
            }
            return sequences;
        }
        throw ApiException.invalidRequest("stop", "'stop' must be a string or an array of strings.");
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

    /** 24 hex digits, as OpenAI's ids have. */
    public static String randomId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
