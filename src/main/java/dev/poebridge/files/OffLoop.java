package dev.poebridge.files;

import java.util.concurrent.Callable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Work too slow for an event loop (decoding a large data URL), run on a worker of the caller's own Vert.x context: the
 * result comes back on that context, where the request's context (ArC's request scope, the log's request id) still
 * is. The bridge does not wrap Mutiny callbacks in Context Propagation ({@code ops.PlainCallbacks}), so a plain worker
 * pool would lose it, and a REST client called afterwards would find no active request scope.
 */
public final class OffLoop {

    private OffLoop() {
    }

    public static <T> Uni<T> run(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return Uni.createFrom().item(() -> call(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
        });
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
