package dev.poebridge.ops;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * The start-up as a user sees it: the time from the JVM's start to the first answer, whatever was asked, logged once
 * ({@code First request (POST /v1/images/generations) answered 412 ms after the JVM started}) and kept as the gauge
 * {@code bridge_startup_first_answer_seconds}. Quarkus' own "started in" leaves out the JVM's start and all the work
 * the first request does. The route that watches for it removes itself at the first request, so no later request
 * passes it.
 */
@ApplicationScoped
public class FirstRequestTime {

    private static final Logger LOG = Logger.getLogger(FirstRequestTime.class);

    private final MeterRegistry registry;
    private final AtomicBoolean seen = new AtomicBoolean();

    FirstRequestTime(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(@Observes Router router) {
        AtomicReference<Route> watch = new AtomicReference<>();
        watch.set(router.route().order(-300).handler(ctx -> {
            if (seen.compareAndSet(false, true)) {
                watch.get().remove();
                String request = ctx.request().method() + " " + ctx.request().path();
                // When the answer's head goes out: before the caller can ask anything else, so that a second
                // request always finds the gauge.
                ctx.addHeadersEndHandler(ignored -> answered(request));
            }
            ctx.next();
        }));
    }

    private void answered(String request) {
        long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        Gauge.builder("bridge.startup.first.answer", () -> millis / 1000.0).baseUnit("seconds")
                .description("Time from the JVM's start to the first answer of this process").register(registry);
        LOG.infof("First request (%s) answered %d ms after the JVM started", request, millis);
    }
}
