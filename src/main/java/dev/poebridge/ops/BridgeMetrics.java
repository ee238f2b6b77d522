package dev.poebridge.ops;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.error.PoeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The bridge's own Prometheus metrics, beside Quarkus' per-endpoint HTTP metrics ({@code http_server_requests_*}):
 * Poe calls by bot and outcome, Poe's time to first event and to first file, retries, and upstream errors by kind.
 * Bot names come from callers, so only the first {@value #MAX_BOTS} distinct names get a label of their own; the rest
 * share {@code other}, which keeps the number of series bounded. Keys never appear in any label.
 */
@ApplicationScoped
public class BridgeMetrics {

    static final int MAX_BOTS = 200;

    private final MeterRegistry registry;
    private final Set<String> bots = ConcurrentHashMap.newKeySet();

    BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A finished Poe call: {@code outcome} is {@code ok}, {@code cancelled} or the failure's kind. */
    public void poeCall(String bot, String outcome, Duration took) {
        Timer.builder("bridge.poe.calls").description("Poe bot queries, by bot and outcome")
                .tag("bot", label(bot)).tag("outcome", outcome)
                .register(registry).record(took);
    }

    public void firstEvent(String bot, Duration after) {
        Timer.builder("bridge.poe.first.event").description("Time from sending a Poe query to its first event")
                .tag("bot", label(bot)).register(registry).record(after);
    }

    public void firstFile(String bot, Duration after) {
        Timer.builder("bridge.poe.first.file").description("Time from sending a Poe query to the first file it sends")
                .tag("bot", label(bot)).register(registry).record(after);
    }

    public void retry(String bot, PoeException cause) {
        Counter.builder("bridge.poe.retries").description("Poe calls retried, by bot and the failure that caused it")
                .tag("bot", label(bot)).tag("kind", cause.kind().name().toLowerCase())
                .register(registry).increment();
    }

    public void upstreamError(String bot, PoeException failure) {
        Counter.builder("bridge.poe.errors").description("Failed Poe calls, by bot and kind of failure")
                .tag("bot", label(bot)).tag("kind", failure.kind().name().toLowerCase())
                .register(registry).increment();
    }

    String label(String bot) {
        if (bots.contains(bot)) {
            return bot;
        }
        if (bots.size() < MAX_BOTS && bots.add(bot)) {
            return bot;
        }
        return bots.contains(bot) ? bot : "other";
    }
}
