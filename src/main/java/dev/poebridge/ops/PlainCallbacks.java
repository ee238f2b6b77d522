package dev.poebridge.ops;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Mutiny runs the bridge's callbacks as they are, without MicroProfile Context Propagation around each one.
 * <p>
 * Quarkus installs Context Propagation into Mutiny, and the database extensions add Narayana's transaction context to
 * it: every callback of every pipeline then captured and restored the request context and the transaction state. On
 * the image path that was about a third of all allocations and a tenth of the CPU, for nothing: the bridge uses no
 * JTA transactions ({@code store.Database} runs plain JDBC on its own threads), and what a request's callbacks rely on,
 * ArC's request context and the log's request id, lives on the request's Vert.x context, which Vert.x carries from one
 * step to the next on the event loop, on workers and back. Pipelines assembled before this runs keep their wrapping.
 */
@ApplicationScoped
public class PlainCallbacks {

    void onStart(@Observes @Priority(1) StartupEvent event) {
        Infrastructure.clearInterceptors();
    }
}
