package dev.poebridge.chat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;

/**
 * Keeps an SSE stream alive through proxies while the bot is quiet: after {@code quiet} without a frame, an SSE
 * comment is sent, which every SSE client ignores.
 */
final class Heartbeats {

    static final Buffer COMMENT = Buffer.buffer(": keep-alive\n\n");

    private Heartbeats() {
    }

    static Multi<Buffer> around(Multi<Buffer> frames, Duration quiet) {
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
            Cancellable source = frames.subscribe().with(
                    frame -> {
                        synchronized (lock) {
                            lastSent.set(System.nanoTime());
                            emitter.emit(frame);
                        }
                    },
                    failure -> {
                        ticker.cancel();
                        emitter.fail(failure);
                    },
                    () -> {
                        ticker.cancel();
                        emitter.complete();
                    });
            emitter.onTermination(() -> {
                source.cancel();
                ticker.cancel();
            });
        });
    }
}
