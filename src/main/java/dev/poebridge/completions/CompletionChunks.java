package dev.poebridge.completions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.chat.ChatChunks;
import dev.poebridge.chat.HttpReply;
import dev.poebridge.chat.StreamingAnswer;
import dev.poebridge.chat.TokenEstimate;
import dev.poebridge.openai.TextCompletion;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.PoeEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * The legacy-completion view of a bot reply: {@code text_completion} chunks whose {@code text} is each content delta
 * (file URLs included, as markdown links, as they arrive), a last chunk with {@code finish_reason}, the usage chunk
 * when asked for, then {@code [DONE]}. Every chunk names the requested model.
 */
final class CompletionChunks {

    private CompletionChunks() {
    }

    record Stream(String id, long created, String model, boolean includeUsage, int promptTokens) {
    }

    static Multi<Buffer> frames(Multi<PoeEvent> events, Stream stream, ObjectMapper mapper) {
        return Multi.createFrom().deferred(() -> {
            StreamingAnswer answer = new StreamingAnswer();
            Optional<Usage> noUsageYet = stream.includeUsage() ? Optional.empty() : null;
            Multi<Buffer> content = events
                    .onItem().transformToIterable(answer::accept)
                    .map(text -> chunk(stream, text, null, noUsageYet, mapper));
            Multi<Buffer> end = Multi.createFrom().deferred(() -> {
                List<Buffer> frames = new ArrayList<>();
                answer.finish().forEach(text -> frames.add(chunk(stream, text, null, noUsageYet, mapper)));
                frames.add(chunk(stream, "", "stop", noUsageYet, mapper));
                if (stream.includeUsage()) {
                    frames.add(json(new TextCompletion(stream.id(), stream.created(), stream.model(), List.of(),
                            Optional.of(Usage.of(stream.promptTokens(), TokenEstimate.of(answer.visibleText())))),
                            mapper));
                }
                frames.add(HttpReply.frame(HttpReply.DONE));
                return Multi.createFrom().iterable(frames);
            });
            return Multi.createBy().concatenating().streams(content, end)
                    .onFailure().recoverWithMulti(failure -> Multi.createFrom().items(() -> {
                        List<Buffer> frames = new ArrayList<>();
                        answer.finish().forEach(text -> frames.add(chunk(stream, text, null, noUsageYet, mapper)));
                        frames.add(ChatChunks.errorFrame(failure, mapper));
                        return frames.stream();
                    }));
        });
    }

    private static Buffer chunk(Stream stream, String text, String finishReason, Optional<Usage> usage,
            ObjectMapper mapper) {
        return json(new TextCompletion(stream.id(), stream.created(), stream.model(),
                List.of(new TextCompletion.Choice(text, 0, null, finishReason)), usage), mapper);
    }

    private static Buffer json(Object value, ObjectMapper mapper) {
        try {
            return HttpReply.frame(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a completion chunk", e);
        }
    }
}
