package dev.poebridge.answer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Holds a stream's HTTP status back until its source has shown how it starts: the returned {@code Uni} completes
 * with the whole stream (nothing lost) once the first item arrives, the source ends, or {@code maxWait} passes; it
 * fails if the source fails before that, so the failure can still become a real status. Cancelling either the
 * {@code Uni} or the stream cancels the source.
 */
final class StreamStart {

    private StreamStart() {
    }

    static <T> Uni<Multi<T>> afterFirstItem(Multi<T> source, Duration maxWait) {
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
            timer.set(Uni.createFrom().voidItem().onItem().delayIt().by(maxWait).subscribe().with(v -> open.run()));
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
        });
    }

    private static void cancel(AtomicReference<Cancellable> ref) {
        Cancellable c = ref.get();
        if (c != null) {
            c.cancel();
        }
    }
}
