package dev.poebridge.ops;

import java.time.Duration;
import java.util.Map;
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
    private static final String CALLS = "bridge.poe.calls";
    private static final String FIRST_EVENT = "bridge.poe.first.event";
    private static final String FIRST_FILE = "bridge.poe.first.file";
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            CALLS, "Poe bot queries, by bot and outcome",
            FIRST_EVENT, "Time from sending a Poe query to its first event",
            FIRST_FILE, "Time from sending a Poe query to the first file it sends");

    private final Set<String> bots = ConcurrentHashMap.newKeySet();
    /** Bounded like the labels: at most MAX_BOTS + 1 bots, times the outcomes (ok, cancelled, the failure kinds). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A finished Poe call: {@code outcome} is {@code ok}, {@code cancelled} or the failure's kind. */
    public void poeCall(String bot, String outcome, Duration took) {
        timer(CALLS, label(bot), outcome).record(took);
    }

    public void firstEvent(String bot, Duration after) {
        timer(FIRST_EVENT, label(bot), null).record(after);
    }

    public void firstFile(String bot, Duration after) {
        timer(FIRST_FILE, label(bot), null).record(after);
    }

    /**
     * The timer of this name and labels, registered once: building and registering a meter on every call (sorting its
     * tags, running Quarkus' meter filters) cost more than the rest of the metrics work per request.
     */
    private Timer timer(String name, String bot, String outcome) {
        String key = name + '\n' + bot + '\n' + outcome;
        Timer known = timers.get(key);
        if (known != null) {
            return known;
        }
        Timer.Builder builder = Timer.builder(name).description(DESCRIPTIONS.get(name)).tag("bot", bot);
        if (outcome != null) {
            builder.tag("outcome", outcome);
        }
        Timer made = builder.register(registry);
        timers.putIfAbsent(key, made);
        return made;
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
