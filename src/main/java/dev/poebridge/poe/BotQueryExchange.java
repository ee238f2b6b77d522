package dev.poebridge.poe;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * One bot query on the wire, and the single owner of its lifecycle: every step runs on its event loop.
 * <p>
 * Each call lives on one event loop, from the request to the last byte, and so does its HTTP client. Two Vert.x
 * behaviours make that necessary rather than tidy: handlers set on a response from another thread can come after the
 * response has already ended ({@code IllegalStateException: Response already ended}, and the call then waits for its
 * idle deadline), and resetting a request whose response has ended closes the connection it used, which by then may
 * carry another caller's call. With the call, its connection and its callbacks on one thread, "has the reply ended?"
 * and "reset it" cannot interleave, so a reset only ever cuts this call's own reply.
 */
final class BotQueryExchange {

    private static final long DRAIN_AFTER_DONE_MS = 5_000;
    /**
     * After a cancellation, how long the rest of a streaming reply may take to end by itself. Image calls cancel as
     * soon as the first image arrives, when usually only {@code done} is left: letting it arrive keeps the connection
     * for the next call instead of opening a new one each time. A reply still going after this is cut.
     */
    static final long DRAIN_AFTER_CANCEL_MS = 250;

    private final BotQueryClient owner;
    private final Vertx vertx;
    private final PoeConfig config;
    private final BotName bot;
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

    BotQueryExchange(BotQueryClient owner, BotName bot, String apiKey, KeyScrubber keys, Buffer body,
            MultiEmitter<? super PoeEvent> emitter, Context context) {
        this.owner = owner;
        this.vertx = owner.vertx;
        this.config = owner.config;
        this.bot = bot;
        this.apiKey = apiKey;
        this.keys = keys;
        this.body = body;
        this.emitter = emitter;
        this.context = context;
        this.decoder = new PoeEventDecoder(owner.mapper, bot, keys);
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
                id -> fail(PoeFailures.deadline(bot, config.totalTimeout()), true));
        touch();
        armIdleTimer(config.idleTimeout().toMillis());
        owner.client().request(owner.request(bot, apiKey))
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
                .onFailure(t -> fail(PoeFailures.unreachable(bot, t), true));
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
        boolean sse = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("text/event-stream");
        int status = response.statusCode();
        if (sse && status / 100 == 2) {
            streaming = true;
            response.handler(this::onChunk);
            response.endHandler(v -> onEnd());
        } else {
            FailedReply.read(response, sse, bot, keys, owner.mapper, this::touch, failure -> {
                responseEnded = true;
                fail(failure, false);
            });
        }
        response.exceptionHandler(t -> fail(PoeFailures.unreachable(bot, t), true));
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
            fail(PoeFailures.protocol(bot, false, "sent a reply the bridge cannot parse: " + e.getMessage()), true);
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
            fail(e instanceof PoeException p ? p : PoeFailures.protocol(bot, false, e.getMessage()), false);
            return;
        }
        fail(PoeFailures.truncated(bot), false);
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
                fail(PoeFailures.idle(bot, config.idleTimeout()), true);
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
