package dev.poebridge.ops;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.error.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;

/**
 * The event streams being served: counted (the {@code bridge.streams.active} gauge), capped (over
 * {@code chat.max-open-streams} a new stream gets a fast 503 with {@code Retry-After}, never a queue), and closed
 * with an OpenAI error chunk when the bridge shuts down. On SIGTERM Quarkus lets running requests finish for
 * {@code quarkus.shutdown.timeout}, then closes every connection; streams still open just before that moment are
 * ended here with an error chunk, so clients learn why. Quarkus fires {@code ShutdownEvent} only after the requests
 * are over, hence a JVM shutdown hook of our own that acts just before the grace period ends. The hook waits for that
 * event, not for the count of streams: the JVM exits only when every hook has returned, and a count that never came
 * back to zero (a reserved place whose stream was never subscribed) made every shutdown last the whole grace.
 */
@ApplicationScoped
@Startup // the gauge must exist before the first stream
public class ActiveStreams {

    private static final Logger LOG = Logger.getLogger(ActiveStreams.class);

    /** Ends one stream: sends a last error chunk and completes it. */
    public interface Closer {
        void closeForShutdown();
    }

    private final Set<Closer> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final int max;
    private Duration grace = Duration.ZERO;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread hook;

    @Inject
    ActiveStreams(ChatConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> grace) {
        this(config.maxOpenStreams(), registry);
        this.grace = grace.orElse(Duration.ZERO);
    }

    void onStart(@Observes StartupEvent event) {
        hook = new Thread(this::closeBeforeGraceEnds, "close-streams-on-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Lets streams finish on their own until just before Quarkus cuts them, then ends the rest with an error chunk;
     * returns as soon as the application has stopped, which Quarkus does once the last request has ended.
     */
    void closeBeforeGraceEnds() {
        long margin = Math.min(500, grace.toMillis() / 10);
        try {
            if (stopped.await(Math.max(0, grace.toMillis() - margin), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
    }

    /** For tests: the shutdown grace period, as {@code quarkus.shutdown.timeout} gives it. */
    ActiveStreams(int max, MeterRegistry registry, Duration grace) {
        this(max, registry);
        this.grace = grace;
    }

    public ActiveStreams(int max, MeterRegistry registry) {
        this.max = max;
        Gauge.builder("bridge.streams.active", reserved, AtomicInteger::get)
                .description("Event streams being served").register(registry);
    }

    /** One stream's place; giving it back more than once is harmless, so every way a stream can end may do it. */
    public interface Slot {
        void release();
    }

    /** Takes a place for a new stream, or refuses it; the place must be released when the stream ends. */
    public Slot reserve() {
        if (reserved.incrementAndGet() > max) {
            reserved.decrementAndGet();
            throw new ApiException(503, "api_error", null, "too_many_streams",
                    "The bridge is serving its maximum of " + max + " streams; retry shortly.", 1L);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                reserved.decrementAndGet();
            }
        };
    }

    public void register(Closer closer) {
        open.add(closer);
    }

    public void unregister(Closer closer) {
        open.remove(closer);
    }

    public int count() {
        return reserved.get();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        closeAll();
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook); // an application stopped without the JVM (tests, dev mode)
        } catch (IllegalStateException | IllegalArgumentException | NullPointerException e) {
            // the JVM is already shutting down, and the hook is running or has run
        }
    }

    /** Ends every open stream with its error chunk. */
    public void closeAll() {
        if (!open.isEmpty()) {
            LOG.infof("Shutting down: closing %d open stream(s) with an error chunk", open.size());
            open.forEach(Closer::closeForShutdown);
        }
    }
}
