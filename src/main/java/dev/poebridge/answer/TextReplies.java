package dev.poebridge.answer;

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
import dev.poebridge.files.ResponseHold;
import dev.poebridge.ops.ActiveStreams;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.BotName;
import dev.poebridge.poe.PoeEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * What every Poe-backed text endpoint (chat, legacy completions) shares: the checked request ({@link Call}), and the
 * reply as one JSON body or as a stream whose HTTP status waits for Poe's first event (up to
 * {@code chat.status-wait}), so that early failures keep their real status, with heartbeats, a place among the open
 * streams, and an OpenAI error for any failure.
 */
@ApplicationScoped
public class TextReplies {

    private final ChatConfig config;
    private final ObjectMapper mapper;
    private final ActiveStreams streams;
    private final CurrentVertxRequest currentRequest;
    private final io.vertx.core.buffer.Buffer shutdownFrame;

    TextReplies(ChatConfig config, ObjectMapper mapper, ActiveStreams streams, CurrentVertxRequest currentRequest) {
        this.config = config;
        this.mapper = mapper;
        this.streams = streams;
        this.currentRequest = currentRequest;
        this.shutdownFrame = AnswerStream.json(dev.poebridge.openai.ErrorResponse.of(
                "The bridge is shutting down; send the request again.", "api_error", null, "server_shutting_down"), mapper);
    }

    /** What the bot is asked, checked; shared with the legacy completions endpoint. */
    /** A checked request, with what it holds until its response is done (a stream's place). */
    public record Call(BotName bot, Double temperature, List<String> stop, boolean stream, boolean includeUsage,
            ResponseHold hold) {
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
        RoutingContext request;
        try {
            request = currentRequest.getCurrent();
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            request = null; // not serving an HTTP request (a test calling the service directly)
        }
        return ResponseHold.forRequest(request == null ? null : request.request());
    }

    public HttpReply failure(Throwable failure) {
        return HttpReply.failure(failure, mapper);
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

    /** 24 hex digits, as OpenAI's ids have. */
    public static String randomId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
