package dev.poebridge.files.download;

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
 * budget still works on its own; and a download whose request already holds part of the budget is admitted too, since
 * what that request holds is given back only when its own response is written (it would otherwise wait on itself).
 */
final class DownloadBudget {

    private final Vertx vertx;
    private final long capacity;
    private final Duration queueTimeout;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final java.util.Map<Object, Integer> leasesByOwner = new java.util.HashMap<>();
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

    /**
     * A reservation of {@code bytes} for {@code owner} (the request it serves), granted now or when enough is released;
     * the caller must release it.
     */
    Uni<Lease> reserve(long bytes, Object owner) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter(bytes, owner);
            return Uni.createFrom().<Lease> emitter(emitter -> enqueue(waiter, emitter))
                    .onCancellation().invoke(() -> abandon(waiter));
        });
    }

    private void enqueue(Waiter waiter, UniEmitter<? super Lease> emitter) {
        waiter.emitter = emitter;
        boolean granted;
        synchronized (this) {
            granted = leasesByOwner.containsKey(waiter.owner) || waiters.isEmpty() && fits(waiter.bytes);
            if (granted) {
                grant(waiter);
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

    /** Called holding the lock. */
    private void grant(Waiter waiter) {
        held += waiter.bytes;
        leasesByOwner.merge(waiter.owner, 1, Integer::sum);
    }

    private void hand(Waiter waiter) {
        Lease lease = new Lease(waiter.bytes, waiter.owner);
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

    private void release(long bytes, Object owner) {
        Deque<Waiter> granted = new ArrayDeque<>();
        synchronized (this) {
            held -= bytes;
            if (owner != null) {
                leasesByOwner.computeIfPresent(owner, (o, n) -> n > 1 ? n - 1 : null);
            }
            while (!waiters.isEmpty() && fits(waiters.peekFirst().bytes)) {
                Waiter next = waiters.removeFirst();
                grant(next);
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
        final Object owner;
        volatile UniEmitter<? super Lease> emitter;
        volatile long timer = -1;
        volatile boolean abandoned;
        volatile Lease lease;

        Waiter(long bytes, Object owner) {
            this.bytes = bytes;
            this.owner = owner;
        }
    }

    /** Bytes held by one download until they are no longer needed; releasing twice is harmless. */
    final class Lease {
        private final Object owner;
        private long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(long bytes, Object owner) {
            this.bytes = bytes;
            this.owner = owner;
        }

        /** A download reserved for more than it turned out to be (no length announced): the rest goes back now. */
        void shrinkTo(long actual) {
            long excess;
            synchronized (DownloadBudget.this) {
                if (released.get() || actual >= bytes) {
                    return;
                }
                excess = bytes - actual;
                bytes = actual;
            }
            DownloadBudget.this.release(excess, null);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                long held;
                synchronized (DownloadBudget.this) {
                    held = bytes;
                }
                DownloadBudget.this.release(held, owner);
            }
        }
    }
}
