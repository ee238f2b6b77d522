package dev.poebridge.answer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.poebridge.ops.ActiveStreams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;

/**
 * What every served event stream gets around its frames: an SSE comment after {@code quiet} without a frame, so that
 * proxies do not cut a stream while the bot is quiet (every SSE client ignores comments); and a place in
 * {@link ActiveStreams}, so that a shutdown can end it with an error chunk instead of a cut connection.
 */
final class Heartbeats {

    static final Buffer COMMENT = Buffer.buffer(": keep-alive\n\n");

    private Heartbeats() {
    }

    static Multi<Buffer> around(Multi<Buffer> frames, Duration quiet, ActiveStreams streams, ActiveStreams.Slot slot,
            Buffer shutdownFrame) {
        long quietNanos = quiet.toNanos();
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            AtomicLong lastSent = new AtomicLong(System.nanoTime());
            // Checking twice per period keeps the longest silence within 1.5 periods.
            Cancellable ticker = Multi.createFrom().ticks().every(quiet.dividedBy(2)).subscribe().with(tick -> {
                synchronized (lock) {
                    if (System.nanoTime() - lastSent.get() >= quietNanos) {
                        lastSent.set(System.nanoTime());
                        emitter.emit(COMMENT.copy());
                    }
                }
            });
            Cancellable[] source = new Cancellable[1];
            ActiveStreams.Closer closer = () -> {
                synchronized (lock) {
                    emitter.emit(shutdownFrame.copy());
                    emitter.complete();
                }
            };
            streams.register(closer);
            emitter.onTermination(() -> {
                streams.unregister(closer);
                slot.release();
                ticker.cancel();
                if (source[0] != null) {
                    source[0].cancel();
                }
            });
            source[0] = frames.subscribe().with(
                    frame -> {
                        synchronized (lock) {
                            lastSent.set(System.nanoTime());
                            emitter.emit(frame);
                        }
                    },
                    emitter::fail,
                    emitter::complete);
        });
    }
}
