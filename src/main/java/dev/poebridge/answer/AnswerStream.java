package dev.poebridge.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.error.ErrorMapper;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The frames of a streamed text answer, whatever the chunk shape: the shape's opening frames, a frame per content
 * delta as the events arrive ({@link StreamingAnswer}), what was held back, the closing frame, the usage frame when
 * asked for, then {@code [DONE]} once the answer is kept ({@link AnswerKeeper}). A failure sends what was held back, then an OpenAI error object, and ends the
 * stream (no {@code [DONE]}: it did not end normally).
 */
final class AnswerStream {

    /** The chunks of one answer in its endpoint's format; {@code usage} is written only when it was asked for. */
    record Shape(TextFormat format, TextFormat.Head head, boolean includeUsage, int promptTokens,
            ObjectMapper mapper) {

        List<Buffer> opening() {
            return format.opensWithRole() ? List.of(chunk("assistant", "", null)) : List.of();
        }

        Buffer content(String delta) {
            return chunk(null, delta, null);
        }

        Buffer finish() {
            return chunk(null, null, "stop");
        }

        Buffer usage(Usage usage) {
            return json(format.usageChunk(head, usage), mapper);
        }

        private Buffer chunk(String role, String content, String finishReason) {
            // With include_usage, every other chunk carries "usage": null (Optional.empty()); without, no usage key.
            Optional<Usage> usage = includeUsage ? Optional.empty() : null;
            return json(format.chunk(head, role, content, finishReason, usage), mapper);
        }
    }

    private AnswerStream() {
    }

    static Multi<Buffer> frames(Multi<PoeEvent> events, Shape shape, AnswerLimit limit, AnswerKeeper keeper) {
        return Multi.createFrom().deferred(() -> {
            StreamingAnswer answer = new StreamingAnswer(limit);
            Kept kept = new Kept(keeper == AnswerKeeper.NONE ? null : limit);
            Multi<Buffer> start = Multi.createFrom().iterable(shape.opening());
            DeltaFrame deltas = DeltaFrame.of(shape);
            // One buffer per Poe event (its deltas' frames together, often one), not a stream per event: the
            // per-event work is what a streamed answer pays on every token.
            Multi<Buffer> content = events.map(event -> {
                List<String> said = answer.accept(event);
                said.forEach(kept::add);
                return deltas.frames(said);
            }).select().where(frames -> frames != DeltaFrame.NONE);
            Multi<Buffer> end = Multi.createFrom().deferred(() -> {
                List<Buffer> frames = held(answer, deltas, kept);
                frames.add(shape.finish());
                if (shape.includeUsage()) {
                    frames.add(shape.usage(Usage.of(shape.promptTokens(), TokenEstimate.ofLength(answer.visibleChars()))));
                }
                // [DONE] waits for the answer to be kept, so that whoever reads the conversation next finds it.
                Multi<Buffer> done = Uni.createFrom().deferred(() -> keeper.keep(kept.text()))
                        .map(ignored -> HttpReply.frame(HttpReply.DONE)).toMulti();
                return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(frames), done);
            });
            return Multi.createBy().concatenating().streams(start, content, end)
                    .onFailure().recoverWithMulti(failure -> Multi.createFrom().items(() -> {
                        List<Buffer> frames = held(answer, deltas, new Kept(null));
                        frames.add(json(ErrorMapper.describe(failure).body(), shape.mapper()));
                        return frames.stream();
                    }));
        });
    }

    /** One {@code data:} frame holding this value as JSON. */
    static Buffer json(Object value, ObjectMapper mapper) {
        try {
            return HttpReply.frame(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static List<Buffer> held(StreamingAnswer answer, DeltaFrame deltas, Kept kept) {
        List<Buffer> frames = new ArrayList<>();
        answer.finish().forEach(delta -> {
            kept.add(delta);
            frames.add(deltas.frame(delta));
        });
        return frames;
    }

    /** The deltas sent, joined, for an answer that is kept (else nothing is held); bounded by the answer's limit. */
    private static final class Kept {

        private final AnswerLimit limit;
        private final StringBuilder text = new StringBuilder();

        Kept(AnswerLimit limit) {
            this.limit = limit;
        }

        void add(String delta) {
            if (limit != null) {
                limit.check((long) text.length() + delta.length());
                text.append(delta);
            }
        }

        String text() {
            return text.toString();
        }
    }
}
