package dev.poebridge.poe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import dev.poebridge.files.UploadNames;
import dev.poebridge.ops.BridgeMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The bridge's one way to Poe. Owns what the wire call should not know about: retries, and the rule that a call is
 * retried only while nothing of its answer has been passed on (a retry after that would make the caller see text
 * twice, as the Python client does); and the rule that no key leaves through it: every key in play is removed from
 * whatever comes back from Poe (error texts, the bot's answer, file links) before a caller or a log line sees it.
 */
@ApplicationScoped
public class PoeClient {

    private static final Logger LOG = Logger.getLogger(PoeClient.class);

    private final PoeBotApi botApi;
    private final PoeModelsApi modelsApi;
    private final PoeUploadApi uploadApi;
    private final PoeConfig config;
    private final ObjectMapper mapper;
    private final BridgeMetrics metrics;
    private final CallerKeys keys;
    private final AtomicInteger inFlight = new AtomicInteger();

    PoeClient(PoeBotApi botApi, @RestClient PoeModelsApi modelsApi, @RestClient PoeUploadApi uploadApi,
            PoeConfig config, ObjectMapper mapper, BridgeMetrics metrics, CallerKeys keys) {
        this.metrics = metrics;
        this.keys = keys;
        this.botApi = botApi;
        this.modelsApi = modelsApi;
        this.uploadApi = uploadApi;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Queries a bot and streams its reply, with every key in play removed from it. Fails with a {@link PoeException}
     * whose kind says what went wrong; never emits a Poe error event as an item.
     */
    public Multi<PoeEvent> query(BotName bot, List<PoeQuery.Message> messages, String apiKey) {
        return query(bot, messages, null, null, apiKey);
    }

    /** As {@link #query(BotName, List, String)}, with a temperature and stop sequences (either may be null). */
    public Multi<PoeEvent> query(BotName botName, List<PoeQuery.Message> messages, Double temperature,
            List<String> stopSequences, String apiKey) {
        String bot = botName.value();
        Objects.requireNonNull(apiKey, "apiKey");
        Buffer body = serialize(PoeQuery.of(config.protocolVersion(), messages, temperature, stopSequences));
        KeyScrubber scrubber = keys.scrubberFor(apiKey);
        return ReplyScrubber.scrub(Multi.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > config.maxConcurrentCalls()) {
                inFlight.decrementAndGet();
                return Multi.createFrom().failure(new PoeException(PoeException.Kind.OVERLOADED, bot, false,
                        PoeException.Kind.OVERLOADED.code, Duration.ofSeconds(1), "The bridge is making its maximum of "
                                + config.maxConcurrentCalls() + " Poe calls at once; retry shortly.", null));
            }
            long start = System.nanoTime();
            AtomicBoolean delivered = new AtomicBoolean();
            AtomicBoolean sawEvent = new AtomicBoolean();
            AtomicBoolean sawFile = new AtomicBoolean();
            AtomicInteger attempt = new AtomicInteger();
            Multi<PoeEvent> call = Multi.createFrom().deferred(() -> {
                attempt.incrementAndGet();
                return botApi.stream(bot, apiKey, scrubber, body);
            })
                    .onFailure().transform(t -> PoeErrors.scrubbed(t, scrubber, "bot '" + bot + "'"))
                    .onItem().invoke(event -> {
                        if (sawEvent.compareAndSet(false, true)) {
                            metrics.firstEvent(bot, since(start));
                        }
                        if (event instanceof PoeEvent.File && sawFile.compareAndSet(false, true)) {
                            metrics.firstFile(bot, since(start));
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
                metrics.poeCall(bot, outcome, since(start));
                if (failure instanceof PoeException p) {
                    metrics.upstreamError(bot, p);
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
        String name = UploadNames.fileName(fileName, "file");
        String type = UploadNames.mediaType(contentType);
        return Uni.createFrom().deferred(() -> uploadApi.uploadBytes(apiKey, ClientMultipartForm.create()
                .binaryFileUpload("file", name, Buffer.buffer(data), type)))
                .plug(uni -> finishUpload(uni, name, apiKey));
    }

    /** Uploads a file from disk, streamed rather than read into memory. */
    public Uni<PoeQuery.Attachment> uploadFile(java.nio.file.Path file, String fileName, String contentType,
            String apiKey) {
        String name = UploadNames.fileName(fileName, "file");
        String type = UploadNames.mediaType(contentType);
        return Uni.createFrom().deferred(() -> uploadApi.uploadBytes(apiKey, ClientMultipartForm.create()
                .binaryFileUpload("file", name, file.toString(), type)))
                .plug(uni -> finishUpload(uni, name, apiKey));
    }

    /** Asks Poe to fetch a public URL itself: the bridge never downloads arbitrary URLs on a caller's behalf. */
    public Uni<PoeQuery.Attachment> uploadFromUrl(String url, String fileName, String apiKey) {
        String name = UploadNames.fileName(fileName, "file");
        return Uni.createFrom().deferred(() -> uploadApi.uploadFromUrl(apiKey, url, name))
                .plug(uni -> finishUpload(uni, name, apiKey));
    }

    private Uni<PoeQuery.Attachment> finishUpload(Uni<PoeUploadApi.Uploaded> upload, String fileName, String apiKey) {
        KeyScrubber scrubber = keys.scrubberFor(apiKey);
        Uni<PoeQuery.Attachment> attachment = upload
                // Poe's upload is authorised with the raw key, which its error body may quote: scrubbed before it is
                // classified and clipped, here where the keys are known.
                .onFailure(PoeUploadApi.Rejected.class).transform(t -> {
                    PoeUploadApi.Rejected rejected = (PoeUploadApi.Rejected) t;
                    return PoeErrors.fromUpload("file upload", rejected.status, scrubber.scrub(rejected.body),
                            rejected.retryAfter, mapper);
                })
                .ifNoItem().after(config.uploadTimeout()).failWith(() -> new PoeException(PoeException.Kind.TIMEOUT,
                        "file upload", false, PoeException.Kind.TIMEOUT.code, null,
                        "Poe's file upload did not answer within " + config.uploadTimeout().toSeconds() + " s", null))
                .onFailure(t -> !(t instanceof PoeException)).transform(t -> t instanceof ProcessingException
                        && t.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException
                                ? PoeErrors.uploadMalformed("file upload", "with something that is not JSON")
                                : PoeErrors.uploadUnreachable("file upload", t))
                .map(uploaded -> {
                    if (uploaded == null || uploaded.attachmentUrl() == null || uploaded.attachmentUrl().isBlank()) {
                        throw PoeErrors.uploadMalformed("file upload", "without an 'attachment_url'");
                    }
                    return new PoeQuery.Attachment(uploaded.attachmentUrl(),
                            uploaded.mimeType() == null ? "application/octet-stream" : uploaded.mimeType(), fileName, null);
                })
                .onFailure().transform(t -> PoeErrors.scrubbed(t, scrubber, "file upload"));
        int retries = config.retry().maxRetries();
        return retries <= 0 ? attachment
                : attachment.onFailure(t -> t instanceof PoeException p && p.retryable())
                        .retry().withBackOff(config.retry().backoff(), config.retry().maxBackoff()).atMost(retries);
    }

    /**
     * Poe's public model list. It is asked for without a key, so Poe has none to echo; a failure is still scrubbed of
     * the configured keys, as its message is logged.
     */
    public Uni<List<PoeModel>> listModels() {
        return modelsApi.list()
                .onFailure().transform(t -> PoeErrors.scrubbed(t, keys.configuredKeys(), "model list"))
                .map(list -> list == null || list.data() == null ? List.<PoeModel> of()
                : list.data().stream()
                        .filter(m -> m.id() != null && !m.id().isBlank())
                        .map(m -> new PoeModel(m.id(), toSeconds(m.created()),
                                m.owned_by() == null ? "poe" : m.owned_by()))
                        .toList());
    }

    private Buffer serialize(PoeQuery query) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(query));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Poe query", e);
        }
    }

    private static long toSeconds(Long created) {
        if (created == null) {
            return 0;
        }
        // Poe's list gives milliseconds; OpenAI's gives seconds.
        return created > 100_000_000_000L ? created / 1000 : created;
    }

    private void logFailedAttempt(String bot, int attempt, boolean delivered, Throwable t) {
        if (t instanceof PoeException p) {
            boolean willRetry = p.retryable() && !delivered && attempt <= config.retry().maxRetries();
            if (willRetry) {
                metrics.retry(bot, p);
            }
            LOG.infof("Poe bot '%s' attempt %d failed (%s%s): %s", bot, attempt, p.kind(),
                    willRetry ? ", retrying" : "", p.getMessage());
        }
    }
}
