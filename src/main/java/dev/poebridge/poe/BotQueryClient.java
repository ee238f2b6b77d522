package dev.poebridge.poe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.config.PoeConfig;
import dev.poebridge.error.PoeException;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The bot query call: {@code POST <base>/bot/<bot>}, answered by server-sent events. Each call is one
 * {@link BotQueryExchange}.
 * <p>
 * Written on Vert.x's HTTP client rather than a REST-client interface because the bridge must see what a typed
 * SSE client hides: the status and content type of every reply (Poe's failures may arrive as JSON on any status, or
 * as SSE on a non-2xx status), the raw bytes (to parse {@code event:} names and comments itself), and the connection
 * (to drain it after a cancellation so it can be reused, or reset it when a deadline passes).
 * {@code RestClientSseTrialTest} pins what the REST-client interface does in each of these cases.
 */
@ApplicationScoped
class BotQueryClient {

    // Package-visible for BotQueryExchange, the one call this client starts: it reads them on its event loop.
    final Vertx vertx;
    final PoeConfig config;
    final ObjectMapper mapper;
    private final BotQueryHead head;
    /** One client per event-loop thread: its pooled connections then live on that loop too (see BotQueryExchange). */
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();

    BotQueryClient(Vertx vertx, PoeConfig config, ObjectMapper mapper) {
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        this.head = new BotQueryHead(config.baseUrl());
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }

    /** The client of the event loop this is called on. */
    HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setForceSni(true)
                .setVerifyHost(true)
                .setTryUseCompression(false), new PoolOptions()
                        .setHttp1MaxSize(config.maxConnections())));
    }

    /** The query's request head; the key travels only here, in the header. */
    RequestOptions request(BotName bot, String apiKey) {
        return head.request(bot, apiKey);
    }

    /**
     * Streams the reply's events. The stream completes at {@code done} and fails with a classified
     * {@link PoeException} on anything else: an error event, a non-SSE or non-2xx reply, a broken connection, an end
     * without {@code done}, or a passed deadline. Cancelling the stream stops the call (see
     * {@link BotQueryExchange}). Poe's error texts are scrubbed of {@code keys} before they are read; the events are
     * passed on as they came.
     */
    Multi<PoeEvent> stream(BotName bot, String apiKey, KeyScrubber keys, Buffer body) {
        return Multi.createFrom().emitter(emitter -> {
            // Subscribers may be on worker threads (blocking endpoints, retry back-off): move the call to an event loop.
            Context current = Context.isOnEventLoopThread() ? Vertx.currentContext() : null;
            if (current != null) {
                new BotQueryExchange(this, bot, apiKey, keys, body, emitter, current).start();
            } else {
                Context context = vertx.getOrCreateContext();
                BotQueryExchange exchange = new BotQueryExchange(this, bot, apiKey, keys, body, emitter, context);
                context.runOnContext(v -> exchange.start());
            }
        });
    }
}
