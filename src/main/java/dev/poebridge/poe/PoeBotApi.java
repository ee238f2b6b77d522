package dev.poebridge.poe;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The bot query call on the wire: {@code POST <base>/bot/<bot>}, answered by server-sent events.
 * <p>
 * Written on Vert.x's HTTP client rather than a REST-client interface because the bridge must see what a typed
 * SSE client hides: the status and content type of every reply (Poe's failures may arrive as JSON on any status, or
 * as SSE on a non-2xx status), the raw bytes (to parse {@code event:} names and comments itself), and the connection
 * (to reset it when the caller goes away or a deadline passes).
 * <p>
 * Each call lives on one event loop, from the request to the last byte, and so does its HTTP client. Two Vert.x
 * behaviours make that necessary rather than tidy: handlers set on a response from another thread can come after the
 * response has already ended ({@code IllegalStateException: Response already ended}, and the call then waits for its
 * idle deadline), and resetting a request whose response has ended closes the connection it used, which by then may
 * carry another caller's call. With the call, its connection and its callbacks on one thread, "has the reply ended?"
 * and "reset it" cannot interleave, so a reset only ever cuts this call's own reply.
 */
@ApplicationScoped
class PoeBotApi {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final long DRAIN_AFTER_DONE_MS = 5_000;
    /**
     * After a cancellation, how long the rest of a streaming reply may take to end by itself. Image calls cancel as
     * soon as the first image arrives, when usually only {@code done} is left: letting it arrive keeps the connection
     * for the next call instead of opening a new one each time. A reply still going after this is cut.
     */
    private static final long DRAIN_AFTER_CANCEL_MS = 250;

    private final Vertx vertx;
    private final PoeConfig config;
    private final ObjectMapper mapper;
    /** One client per event-loop thread: its pooled connections then live on that loop too (see the class comment). */
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();
    private final String botBaseUrl;

    PoeBotApi(Vertx vertx, PoeConfig config, ObjectMapper mapper) {
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        this.botBaseUrl = stripTrailingSlash(config.baseUrl()) + "/bot/";
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }

    /** The client of the event loop this is called on. */
    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setForceSni(true)
                .setVerifyHost(true)
                .setTryUseCompression(false), new PoolOptions()
                        .setHttp1MaxSize(config.maxConnections())));
    }

    /**
     * Streams the reply's events. The stream completes at {@code done} and fails with a classified
     * {@link PoeException} on anything else: an error event, a non-SSE or non-2xx reply, a broken connection, an end
     * without {@code done}, or a passed deadline. Cancelling the stream stops the call: the reply gets
     * {@value #DRAIN_AFTER_CANCEL_MS} ms to end by itself (keeping the connection), then the connection is reset.
     * Poe's error texts are scrubbed of {@code keys} before they are read; the events are passed on as they came.
     */
    Multi<PoeEvent> stream(String bot, String apiKey, KeyScrubber keys, Buffer body) {
        return Multi.createFrom().emitter(emitter -> {
            // Subscribers may be on worker threads (blocking endpoints, retry back-off): move the call to an event loop.
            Context current = Context.isOnEventLoopThread() ? Vertx.currentContext() : null;
            if (current != null) {
                new Call(bot, apiKey, keys, body, emitter, current).start();
            } else {
                Context context = vertx.getOrCreateContext();
                Call call = new Call(bot, apiKey, keys, body, emitter, context);
                context.runOnContext(v -> call.start());
            }
        });
    }

    /** One HTTP exchange with Poe, and the single owner of its lifecycle: every step runs on its event loop. */
    private final class Call {

        private final String bot;
        private final String apiKey;
        private final KeyScrubber keys;
        private final Buffer body;
        private final MultiEmitter<? super PoeEvent> emitter;
        private final Context context;
        private volatile Thread loop;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final SseFrameParser parser = new SseFrameParser();
        private final PoeEventDecoder decoder;
        private volatile HttpClientRequest request;
        private volatile long idleTimer = -1;
        private volatile long lastActivityNanos;
        private volatile boolean responseEnded;
        private volatile boolean streaming;
        private volatile long drainTimer = -1;
        private long totalTimer = -1;

        Call(String bot, String apiKey, KeyScrubber keys, Buffer body, MultiEmitter<? super PoeEvent> emitter,
                Context context) {
            this.bot = bot;
            this.apiKey = apiKey;
            this.keys = keys;
            this.body = body;
            this.emitter = emitter;
            this.context = context;
            this.decoder = new PoeEventDecoder(mapper, bot, keys);
        }

        /** Runs the step on this call's event loop: at once when already there, else queued behind earlier steps. */
        void onLoop(Runnable step) {
            if (Thread.currentThread() == loop) {
                step.run();
            } else {
                context.runOnContext(v -> step.run());
            }
        }

        void start() {
            loop = Thread.currentThread();
            // cancelled from downstream (the caller went away, or has what it needs), on whatever thread that happens
            emitter.onTermination(() -> onLoop(this::onCancel));
            if (emitter.isCancelled() || finished.get()) {
                finished.set(true);
                return;
            }
            totalTimer = vertx.setTimer(config.totalTimeout().toMillis(),
                    id -> fail(PoeErrors.deadline(bot, config.totalTimeout()), true));
            touch();
            armIdleTimer(config.idleTimeout().toMillis());
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(botBaseUrl + bot)
                    .putHeader("Authorization", "Bearer " + apiKey)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "text/event-stream")
                    .putHeader("Cache-Control", "no-store");
            client().request(options)
                    .compose(req -> {
                        request = req;
                        // Failures reach this call through the reply's future and handlers; without a handler here,
                        // Vert.x would also log every deliberate reset ("Stream reset: 0") as an ERROR.
                        req.exceptionHandler(t -> {
                        });
                        if (finished.get()) {
                            req.reset();
                        }
                        return req.send(body);
                    })
                    .onSuccess(this::onResponse)
                    .onFailure(t -> fail(PoeErrors.unreachable(bot, t), true));
        }

        private void onCancel() {
            if (finished.compareAndSet(false, true)) {
                cancelTimers();
                if (streaming && !responseEnded) {
                    drainThenReset(DRAIN_AFTER_CANCEL_MS);
                } else {
                    abort();
                }
            }
        }

        private void onResponse(HttpClientResponse response) {
            touch();
            String contentType = response.getHeader("Content-Type");
            boolean sse = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream");
            int status = response.statusCode();
            if (sse && status / 100 == 2) {
                streaming = true;
                response.handler(this::onChunk);
                response.endHandler(v -> onEnd());
            } else {
                readFailure(response, status, contentType, sse);
            }
            response.exceptionHandler(t -> fail(PoeErrors.unreachable(bot, t), true));
        }

        private void onChunk(Buffer chunk) {
            if (finished.get()) {
                return; // after done: drain quietly so the connection can be reused
            }
            touch();
            try {
                parser.feed(chunk.getBytes(), this::onFrame);
            } catch (PoeException e) {
                fail(e, true);
            } catch (RuntimeException e) {
                fail(PoeErrors.protocol(bot, false, "sent a reply the bridge cannot parse: " + e.getMessage()), true);
            }
        }

        private void onFrame(SseFrameParser.Frame frame) {
            if (finished.get()) {
                return;
            }
            if (PoeEventDecoder.isDone(frame)) {
                if (finished.compareAndSet(false, true)) {
                    cancelTimers();
                    emitter.complete();
                    // Let the rest of the body drain so the connection returns to the pool, but not forever.
                    if (!responseEnded) {
                        drainThenReset(DRAIN_AFTER_DONE_MS);
                    }
                }
                return;
            }
            PoeEvent event = decoder.decode(frame);
            if (event != null) {
                emitter.emit(event);
            }
        }

        private void onEnd() {
            responseEnded = true;
            long drain = drainTimer;
            if (drain >= 0) {
                vertx.cancelTimer(drain);
            }
            if (finished.get()) {
                return;
            }
            try {
                parser.end(this::onFrame);
            } catch (RuntimeException e) {
                fail(e instanceof PoeException p ? p : PoeErrors.protocol(bot, false, e.getMessage()), false);
                return;
            }
            fail(PoeErrors.truncated(bot), false);
        }

        /** A reply that is not a 2xx event stream: its status and (bounded) body decide the error. */
        private void readFailure(HttpClientResponse response, int status, String contentType, boolean sse) {
            Buffer collected = Buffer.buffer();
            response.handler(chunk -> {
                touch();
                if (collected.length() < MAX_ERROR_BODY) {
                    collected.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_ERROR_BODY - collected.length()));
                }
            });
            response.endHandler(v -> {
                responseEnded = true;
                String text = collected.toString();
                if (sse) {
                    text = errorEventData(text);
                }
                fail(PoeErrors.fromHttp(bot, status, contentType, scrub(text),
                        PoeErrors.retryAfter(response.getHeader("Retry-After"),
                                response.getHeader("x-ratelimit-reset-requests")),
                        mapper), false);
            });
        }

        /** Poe may put its error as an SSE error event on a failure status; use that event's data if present. */
        private String errorEventData(String sseBody) {
            StringBuilder found = new StringBuilder();
            SseFrameParser errorParser = new SseFrameParser();
            Consumer<SseFrameParser.Frame> sink = frame -> {
                if ("error".equals(frame.event()) && found.isEmpty()) {
                    found.append(frame.data());
                }
            };
            try {
                errorParser.feed(sseBody.getBytes(StandardCharsets.UTF_8), sink);
                errorParser.end(sink);
            } catch (RuntimeException e) {
                return sseBody;
            }
            return found.isEmpty() ? sseBody : found.toString();
        }

        /**
         * No key may travel further, not even inside an echo of the request in Poe's error text; scrubbed before the
         * text is classified and clipped, as clipping could cut a key in two.
         */
        private String scrub(String text) {
            return keys.scrub(text);
        }

        /** Records activity; the idle timer checks it when it fires instead of being re-armed for every chunk. */
        private void touch() {
            lastActivityNanos = System.nanoTime();
        }

        private void armIdleTimer(long delayMillis) {
            idleTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
                if (finished.get()) {
                    return;
                }
                long idleMillis = config.idleTimeout().toMillis();
                long silentMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
                if (silentMillis >= idleMillis) {
                    fail(PoeErrors.idle(bot, config.idleTimeout()), true);
                } else {
                    armIdleTimer(idleMillis - silentMillis);
                }
            });
        }

        private void fail(Throwable failure, boolean resetConnection) {
            if (finished.compareAndSet(false, true)) {
                cancelTimers();
                if (resetConnection) {
                    abort();
                }
                emitter.fail(failure);
            }
        }

        /**
         * Reads the rest of the reply quietly, so that the connection can be reused, and cuts it if it has not ended
         * within {@code millis}. The timer is cancelled when the body ends: left to run, thousands of them kept their
         * calls (and buffers) alive for seconds, and the garbage collector's pauses showed in p99 latency.
         */
        private void drainThenReset(long millis) {
            drainTimer = vertx.setTimer(millis, id -> abort());
        }

        /** Cuts this call's connection, unless its reply has ended: then the connection may already serve another call. */
        private void abort() {
            cancelTimers();
            HttpClientRequest req = request;
            if (req != null && !responseEnded) {
                req.reset();
            }
        }

        private void cancelTimers() {
            vertx.cancelTimer(totalTimer);
            long idle = idleTimer;
            if (idle >= 0) {
                vertx.cancelTimer(idle);
            }
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
