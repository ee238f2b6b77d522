package dev.poebridge.files.download;

import dev.poebridge.ops.ResponseHold;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;

/**
 * One download's share of the {@link DownloadBudget}: waited for before the body is read, then held until the response
 * it serves is done (a reply waiting for a slow reader still holds the image), or given back at once when the download
 * fails or its caller leaves. Used on the download's event loop only.
 */
final class BudgetShare {

    private final DownloadBudget budget;
    private final ResponseHold hold;
    private Cancellable waiting;
    private DownloadBudget.Lease lease;

    BudgetShare(DownloadBudget budget, ResponseHold hold) {
        this.budget = budget;
        this.hold = hold;
    }

    /**
     * Reserves {@code bytes}; once they are granted, runs {@code granted} on {@code context}, unless the download is
     * {@code done} by then. A refusal (the queue deadline passed) goes to {@code refused}, on {@code context} too.
     */
    void reserve(long bytes, Context context, BooleanSupplier done, Runnable granted, Consumer<Throwable> refused) {
        waiting = budget.reserve(bytes, hold).subscribe().with(lease -> context.runOnContext(v -> {
            // owned by the response from now on, whatever happens to this download or its caller
            hold.until(lease::release);
            if (done.getAsBoolean()) {
                lease.release();
                return;
            }
            this.lease = lease;
            granted.run();
        }), failure -> context.runOnContext(v -> refused.accept(failure)));
    }

    /** The body turned out smaller than reserved (no length was announced): the rest goes back now. */
    void shrinkTo(long bytes) {
        lease.shrinkTo(bytes);
    }

    /** The download ended without an image: leave the queue, and give back what was granted. */
    void giveBack() {
        if (waiting != null) {
            waiting.cancel(); // leave the budget's queue: a dead waiter at its head would hold up the others
        }
        if (lease != null) {
            lease.release();
        }
    }
}
