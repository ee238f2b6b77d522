package dev.poebridge.poe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import dev.poebridge.ops.BridgeMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The bridge's one way to Poe, in front of one client per upstream call ({@link BotQueryClient},
 * {@link UploadClient}, {@link ModelListClient}, {@link KeyCheckClient}). Owns what the wire calls should not know about: the cap on
 * concurrent bot queries, metrics, retries, and the rule that a call is retried only while nothing of its answer has
 * been passed on (a retry after that would make the caller see text twice, as the Python client does); and the rule
 * that no key leaves through it: every key in play is removed from whatever comes back from Poe (error texts, the
 * bot's answer, file links) before a caller or a log line sees it.
 */
@ApplicationScoped
public class PoeClient {

    private static final Logger LOG = Logger.getLogger(PoeClient.class);

    private final BotQueryClient queries;
    private final UploadClient uploads;
    private final ModelListClient models;
    private final KeyCheckClient keyChecks;
    private final PoeConfig config;
    /** Resolved once: looking up the serializer for every query showed in profiles. */
    private final ObjectWriter queryWriter;
    private final BridgeMetrics metrics;
    private final CallerKeys keys;
    private final AtomicInteger inFlight = new AtomicInteger();

    PoeClient(BotQueryClient queries, UploadClient uploads, ModelListClient models, KeyCheckClient keyChecks,
            PoeConfig config, ObjectMapper mapper, BridgeMetrics metrics, CallerKeys keys) {
        this.queries = queries;
        this.uploads = uploads;
        this.models = models;
        this.keyChecks = keyChecks;
        this.config = config;
        this.queryWriter = mapper.writerFor(PoeQuery.class);
        this.metrics = metrics;
        this.keys = keys;
    }

    /**
     * Queries a bot and streams its reply, with every key in play removed from it. Fails with a {@link PoeException}
     * whose kind says what went wrong; never emits a Poe error event as an item.
     */
    public Multi<PoeEvent> query(BotName bot, List<PoeQuery.Message> messages, String apiKey) {
        return query(bot, messages, null, null, apiKey);
    }

    /** As {@link #query(BotName, List, String)}, with a temperature and stop sequences (either may be null). */
    public Multi<PoeEvent> query(BotName bot, List<PoeQuery.Message> messages, Double temperature,
            List<String> stopSequences, String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        Buffer body = serialize(PoeQuery.of(config.protocolVersion(), messages, temperature, stopSequences));
        KeyScrubber scrubber = keys.scrubberFor(apiKey);
        return ReplyScrubber.scrub(Multi.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > config.maxConcurrentCalls()) {
                inFlight.decrementAndGet();
                return Multi.createFrom().failure(PoeFailures.overloaded(bot, config.maxConcurrentCalls()));
            }
            long start = System.nanoTime();
            AtomicBoolean delivered = new AtomicBoolean();
            AtomicBoolean sawEvent = new AtomicBoolean();
            AtomicBoolean sawFile = new AtomicBoolean();
            AtomicInteger attempt = new AtomicInteger();
            Multi<PoeEvent> call = Multi.createFrom().deferred(() -> {
                attempt.incrementAndGet();
                return queries.stream(bot, apiKey, scrubber, body);
            })
                    .onFailure().transform(t -> ScrubbedFailures.of(t, scrubber, "bot '" + bot + "'"))
                    .onItem().invoke(event -> {
                        if (sawEvent.compareAndSet(false, true)) {
                            metrics.firstEvent(bot.value(), since(start));
                        }
                        if (event instanceof PoeEvent.File && sawFile.compareAndSet(false, true)) {
                            metrics.firstFile(bot.value(), since(start));
                        }
                        if (event.isContent()) {
                            delivered.set(true);
                        }
                    })
                    .onFailure().invoke(t -> logFailedAttempt(bot, attempt.get(), delivered.get(), t));
            int retries = config.retry().maxRetries();
            if (retries > 0) {
                call = call.onFailure(t -> !delivered.get() && t instanceof PoeException p && p.retryable())
                        .retry().withBackOff(config.retry().backoff(), config.retry().maxBackoff()).atMost(retries);
            }
            return call.onTermination().invoke((failure, cancelled) -> {
                inFlight.decrementAndGet();
                // Image calls stop reading once the image has come: that is a success, not a cancellation.
                String outcome = failure instanceof PoeException p ? p.kind().name().toLowerCase()
                        : failure != null ? "error" : cancelled && !delivered.get() ? "cancelled" : "ok";
                metrics.poeCall(bot.value(), outcome, since(start));
                if (failure instanceof PoeException p) {
                    metrics.upstreamError(bot.value(), p);
                }
            });
        }), scrubber);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Uploads bytes to Poe and returns the attachment to put on a message. Retried like a query when Poe fails with
     * a 5xx or cannot be reached.
     */
    public Uni<PoeQuery.Attachment> upload(byte[] data, String fileName, String contentType, String apiKey) {
        return retried(uploads.uploadBytes(data, fileName, contentType, apiKey, keys.scrubberFor(apiKey)));
    }

    /** Uploads a file from disk, streamed rather than read into memory. */
    public Uni<PoeQuery.Attachment> uploadFile(java.nio.file.Path file, String fileName, String contentType,
            String apiKey) {
        return retried(uploads.uploadFile(file, fileName, contentType, apiKey, keys.scrubberFor(apiKey)));
    }

    /** Asks Poe to fetch a public URL itself: the bridge never downloads arbitrary URLs on a caller's behalf. */
    public Uni<PoeQuery.Attachment> uploadFromUrl(String url, String fileName, String apiKey) {
        return retried(uploads.uploadFromUrl(url, fileName, apiKey, keys.scrubberFor(apiKey)));
    }

    /**
     * Completes when Poe accepts {@code apiKey}; fails with a {@link PoeException} of kind
     * {@link PoeException.Kind#AUTHENTICATION} when Poe refuses it, or of another kind when Poe cannot say. Retried
     * like an upload.
     */
    public Uni<Void> checkKey(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        return retried(keyChecks.check(apiKey, keys.scrubberFor(apiKey)));
    }

    private <T> Uni<T> retried(Uni<T> call) {
        int retries = config.retry().maxRetries();
        return retries <= 0 ? call
                : call.onFailure(t -> t instanceof PoeException p && p.retryable())
                        .retry().withBackOff(config.retry().backoff(), config.retry().maxBackoff()).atMost(retries);
    }

    /** Poe's public model list, scrubbed of the configured keys (there is no caller's key in play). */
    public Uni<List<PoeModel>> listModels() {
        return models.list(keys.configuredKeys());
    }

    private Buffer serialize(PoeQuery query) {
        try {
            return Buffer.buffer(queryWriter.writeValueAsBytes(query));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Poe query", e);
        }
    }

    private void logFailedAttempt(BotName bot, int attempt, boolean delivered, Throwable t) {
        if (t instanceof PoeException p) {
            boolean willRetry = p.retryable() && !delivered && attempt <= config.retry().maxRetries();
            if (willRetry) {
                metrics.retry(bot.value(), p);
            }
            LOG.infof("Poe bot '%s' attempt %d failed (%s%s): %s", bot, attempt, p.kind(),
                    willRetry ? ", retrying" : "", p.getMessage());
        }
    }
}
