package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the Poe stand-ins that script their bots byte by byte ({@link ScriptedPoe}, {@link PlaygroundPoe}) share: a
 * {@link LocalHttpServer} for the bots a subclass serves, a {@code Slow-Bot} ({@link SlowBot}) whose open and close the
 * tests watch, and the writing of an SSE reply.
 */
public abstract class ScriptedStandIn implements QuarkusTestResourceLifecycleManager {

    private final SlowBot slowBot;
    private LocalHttpServer server;

    /** {@code Slow-Bot} pings every 100 ms, at most {@code slowBotPings} times. */
    protected ScriptedStandIn(int slowBotPings) {
        this.slowBot = new SlowBot(slowBotPings);
    }

    /** Starts serving {@code handlers} (by path prefix); returns the server's base URL, the bridge's {@code poe.base-url}. */
    protected String serve(Map<String, HttpHandler> handlers) {
        server = new LocalHttpServer(handlers);
        return server.baseUrl();
    }

    /** {@code http://127.0.0.1:<port>} of the running server. */
    protected String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void stop() {
        server.close();
    }

    /** Re-arms the open/close record of {@code Slow-Bot}. */
    public void resetSlowBot() {
        slowBot.reset();
    }

    public boolean awaitSlowBotOpened(long seconds) throws InterruptedException {
        return slowBot.awaitOpened(seconds);
    }

    public boolean awaitSlowBotClosed(long seconds) throws InterruptedException {
        return slowBot.awaitClosed(seconds);
    }

    /** The handler of {@code Slow-Bot}. */
    protected void slow(HttpExchange exchange) throws IOException {
        slowBot.serve(exchange);
    }

    /** Reads the query and starts a 200 SSE reply of unknown length. */
    static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes and flushes at once, so the bridge sees each event as it is sent. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
