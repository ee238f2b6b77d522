package dev.poebridge.chat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.error.ErrorMapper;
import dev.poebridge.openai.ChatCompletionChunk;
import dev.poebridge.openai.ChatCompletionChunk.Choice;
import dev.poebridge.openai.ChatCompletionChunk.Delta;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.PoeEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * The chat-chunk view of a bot reply: OpenAI {@code chat.completion.chunk} frames as the events arrive. One id and
 * {@code created} for the whole stream; a first chunk with the role; a chunk per content delta; a last chunk with
 * {@code finish_reason}; with {@code stream_options.include_usage}, a usage chunk with empty {@code choices}; then
 * {@code [DONE]}. A failure ends the stream with an OpenAI error object instead.
 */
public final class ChatChunks {

    private ChatChunks() {
    }

    /** The stream's identity and options. */
    public record Stream(String id, long created, String model, boolean includeUsage, int promptTokens) {
    }

    public static Multi<Buffer> frames(Multi<PoeEvent> events, Stream stream, ObjectMapper mapper) {
        return Multi.createFrom().deferred(() -> {
            StreamingAnswer answer = new StreamingAnswer();
            Optional<Usage> noUsageYet = stream.includeUsage() ? Optional.empty() : null;
            Multi<Buffer> start = Multi.createFrom().item(() -> chunk(stream, new Delta("assistant", ""), null, noUsageYet, mapper));
            Multi<Buffer> content = events
                    .onItem().transformToIterable(answer::accept)
                    .map(delta -> chunk(stream, new Delta(null, delta), null, noUsageYet, mapper));
            Multi<Buffer> end = Multi.createFrom().deferred(() -> {
                List<Buffer> frames = new java.util.ArrayList<>();
                for (String delta : answer.finish()) {
                    frames.add(chunk(stream, new Delta(null, delta), null, noUsageYet, mapper));
                }
                frames.add(chunk(stream, new Delta(null, null), "stop", noUsageYet, mapper));
                if (stream.includeUsage()) {
                    Usage usage = Usage.of(stream.promptTokens(), TokenEstimate.of(answer.visibleText()));
                    frames.add(json(new ChatCompletionChunk(stream.id(), stream.created(), stream.model(), List.of(),
                            Optional.of(usage)), mapper));
                }
                frames.add(HttpReply.frame(HttpReply.DONE));
                return Multi.createFrom().iterable(frames);
            });
            return Multi.createBy().concatenating().streams(start, content, end)
                    .onFailure().recoverWithMulti(failure -> Multi.createFrom().items(() -> {
                        List<Buffer> frames = new java.util.ArrayList<>();
                        for (String delta : answer.finish()) {
                            frames.add(chunk(stream, new Delta(null, delta), null, noUsageYet, mapper));
                        }
                        frames.add(errorFrame(failure, mapper));
                        return frames.stream();
                    }));
        });
    }

    /** The in-band error that ends a stream whose status was already sent: {@code data: {"error": {...}}}. */
    public static Buffer errorFrame(Throwable failure, ObjectMapper mapper) {
        return json(ErrorMapper.describe(failure).body(), mapper);
    }

    private static Buffer chunk(Stream stream, Delta delta, String finishReason, Optional<Usage> usage,
            ObjectMapper mapper) {
        return json(new ChatCompletionChunk(stream.id(), stream.created(), stream.model(),
                List.of(new Choice(0, delta, null, finishReason)), usage), mapper);
    }

    static Buffer json(Object value, ObjectMapper mapper) {
        try {
            return HttpReply.frame(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
