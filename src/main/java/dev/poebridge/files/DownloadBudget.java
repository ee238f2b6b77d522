package dev.poebridge.files;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.poebridge.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * The bytes that downloads of bot files may hold at once. A download reserves its size before it reads the body; when
 * the budget is spent it waits its turn (first come, first served), and one that has waited longer than the queue
 * deadline is refused with a 503 and {@code Retry-After}, so a burst of large images slows down instead of running
 * the heap out. A download is always admitted when nothing else holds the budget, so one image larger than the whole
 * budget still works on its own.
 */
final class DownloadBudget {

    private final Vertx vertx;
    private final long capacity;
    private final Duration queueTimeout;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private long held;

    DownloadBudget(Vertx vertx, long capacity, Duration queueTimeout) {
        this.vertx = vertx;
        this.capacity = capacity;
        this.queueTimeout = queueTimeout;
    }

    long capacity() {
        return capacity;
    }

    synchronized long held() {
        return held;
    }

    /** A reservation of {@code bytes}, granted now or when enough is released; the caller must release it. */
    Uni<Lease> reserve(long bytes) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter(bytes);
            return Uni.createFrom().<Lease> emitter(emitter -> enqueue(waiter, emitter))
                    .onCancellation().invoke(() -> abandon(waiter));
        });
    }

    private void enqueue(Waiter waiter, UniEmitter<? super Lease> emitter) {
        waiter.emitter = emitter;
        boolean granted;
        synchronized (this) {
            granted = waiters.isEmpty() && fits(waiter.bytes);
            if (granted) {
                held += waiter.bytes;
            } else {
                waiters.addLast(waiter);
            }
        }
        if (granted) {
            hand(waiter);
        } else {
            waiter.timer = vertx.setTimer(Math.max(1, queueTimeout.toMillis()), id -> expire(waiter));
        }
    }

    private boolean fits(long bytes) {
        return held == 0 || held + bytes <= capacity;
    }

    private void hand(Waiter waiter) {
        Lease lease = new Lease(waiter.bytes);
        waiter.lease = lease;
        waiter.emitter.complete(lease);
        if (waiter.abandoned) {
            lease.release(); // the caller left while the lease was on its way
        }
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return; // granted meanwhile
            }
        }
        waiter.emitter.fail(new ApiException(503, "api_error", null, "downloads_busy",
                "The bridge is downloading as many image bytes as it may hold at once and this image waited "
                        + queueTimeout.toSeconds() + " s for its turn; retry shortly.", 5L));
    }

    /** A caller that went away leaves the queue, and gives back a lease that reached it too late. */
    private void abandon(Waiter waiter) {
        waiter.abandoned = true;
        boolean removed;
        synchronized (this) {
            removed = waiters.remove(waiter);
        }
        if (removed) {
            vertx.cancelTimer(waiter.timer);
        } else if (waiter.lease != null) {
            waiter.lease.release();
        }
    }

    private void release(long bytes) {
        Deque<Waiter> granted = new ArrayDeque<>();
        synchronized (this) {
            held -= bytes;
            while (!waiters.isEmpty() && fits(waiters.peekFirst().bytes)) {
                Waiter next = waiters.removeFirst();
                held += next.bytes;
                granted.add(next);
            }
        }
        for (Waiter waiter : granted) {
            vertx.cancelTimer(waiter.timer);
            hand(waiter);
        }
    }

    private static final class Waiter {
        final long bytes;
        volatile UniEmitter<? super Lease> emitter;
        volatile long timer = -1;
        volatile boolean abandoned;
        volatile Lease lease;

        Waiter(long bytes) {
            this.bytes = bytes;
        }
    }

    /** Bytes held by one download until they are no longer needed; releasing twice is harmless. */
    final class Lease {
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(long bytes) {
            this.bytes = bytes;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                DownloadBudget.this.release(bytes);
            }
        }
    }
}
