package dev.poebridge.answer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.ops.ActiveStreams;
import dev.poebridge.openai.ErrorResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;

/**
 * The one owner of a streamed reply's lifecycle, from its place among the open streams to the release of that place:
 * <ol>
 * <li>a place is reserved ({@link ActiveStreams}; a fast 503 when the bridge serves its maximum of streams);</li>
 * <li>the HTTP status waits for the source's first item, its end, or {@code chat.status-wait}: Quarkus commits an
 * event stream's status before it reads the first frame, so a failure Poe reports at once (bad key, unknown bot, rate
 * limit) keeps its real status only if it comes before the reply is handed over;</li>
 * <li>the frames get heartbeats and, on shutdown, a last error frame ({@link Heartbeats});</li>
 * <li>the place is given back and the source cancelled whatever ends the reply: a failure, a cancellation, the end of
 * the stream, the client leaving, and the request being done, which is the only sign of a client that left after
 * the status was settled but before Quarkus subscribed to the body.</li>
 * </ol>
 */
@ApplicationScoped
public class ReplyStream {

    private final Duration statusWait;
    private final Duration heartbeat;
    private final ActiveStreams streams;
    private final Buffer shutdownFrame;

    @Inject
    ReplyStream(ChatConfig config, ActiveStreams streams, ObjectMapper mapper) {
        this(config.statusWait(), config.heartbeatInterval(), streams, mapper);
    }

    ReplyStream(Duration statusWait, Duration heartbeat, ActiveStreams streams, ObjectMapper mapper) {
        this.statusWait = statusWait;
        this.heartbeat = heartbeat;
        this.streams = streams;
        this.shutdownFrame = AnswerStream.json(ErrorResponse.of(
                "The bridge is shutting down; send the request again.", "api_error", null, "server_shutting_down"), mapper);
    }

    /**
     * The reply to one request: {@code source} turned into event-stream {@code frames}, or the failure that came
     * before its first item. {@code hold} is released when the request is done.
     */
    public <T> Uni<HttpReply> open(Multi<T> source, Function<Multi<T>, Multi<Buffer>> frames, ResponseHold hold) {
        ActiveStreams.Slot slot = streams.reserve();
        hold.until(slot::release);
        return afterFirstItem(source, hold)
                .map(rest -> HttpReply.eventStream(Heartbeats.around(frames.apply(rest), heartbeat, streams, slot,
                        shutdownFrame)))
                .onFailure().invoke(slot::release)
                .onCancellation().invoke(slot::release);
    }

    /**
     * Completes with the whole stream (nothing lost) once the source's first item arrives, the source ends, or
     * {@code statusWait} passes; fails if the source fails before that. Cancelling the {@code Uni} or the stream, or
     * releasing {@code hold}, cancels the source.
     */
    private <T> Uni<Multi<T>> afterFirstItem(Multi<T> source, ResponseHold hold) {
        return Uni.createFrom().emitter(emitter -> {
            UnicastProcessor<T> buffer = UnicastProcessor.create();
            AtomicBoolean decided = new AtomicBoolean();
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            AtomicReference<Cancellable> timer = new AtomicReference<>();
            Multi<T> rest = buffer.onCancellation().invoke(() -> cancel(upstream));
            Runnable open = () -> {
                if (decided.compareAndSet(false, true)) {
                    cancel(timer);
                    emitter.complete(rest);
                }
            };
            emitter.onTermination(() -> {
                if (!decided.get()) {
                    cancel(upstream);
                    cancel(timer);
                }
            });
            timer.set(Uni.createFrom().voidItem().onItem().delayIt().by(statusWait).subscribe().with(v -> open.run()));
            upstream.set(source.subscribe().with(
                    item -> {
                        buffer.onNext(item);
                        open.run();
                    },
                    failure -> {
                        if (decided.compareAndSet(false, true)) {
                            cancel(timer);
                            emitter.fail(failure);
                        } else {
                            buffer.onError(failure);
                        }
                    },
                    () -> {
                        buffer.onComplete();
                        open.run();
                    }));
            // After the subscription, so that a request already done cancels it at once.
            hold.until(() -> cancel(upstream));
        });
    }

    private static void cancel(AtomicReference<Cancellable> ref) {
        Cancellable c = ref.get();
        if (c != null) {
            c.cancel();
        }
    }
}
