package dev.poebridge.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Poe stand-in whose answers are made as they are sent, so that they can be larger than anything worth holding in
 * a test: {@code /bot/Flood-<n>} answers {@code n} MB of text events (stopping when the bridge hangs up),
 * {@code /bot/Plain-Bot} a short answer, and {@code /upload} reads and drops the file and answers an attachment.
 */
public class FloodingPoe implements QuarkusTestResourceLifecycleManager {

    static final String PLAIN_ANSWER = "Still here.";

    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/bot/", this::bot);
        server.createContext("/upload", this::upload);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("poe.base-url", base, "poe.upload-url", base + "/upload");
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void bot(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String bot = exchange.getRequestURI().getPath().substring("/bot/".length());
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (bot.startsWith("Flood-")) {
                byte[] event = ("event: text\ndata: {\"text\": \"" + "a".repeat(1000) + "\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                long megabytes = Long.parseLong(bot.substring("Flood-".length()));
                for (long i = 0; i < megabytes * 1000; i++) {
                    out.write(event);
                }
            } else {
                out.write(("event: text\ndata: {\"text\": \"" + PLAIN_ANSWER + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("event: done\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the bridge hung up, as it should once an answer is too large
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] body = ("{\"attachment_url\": \"" + base + "/attachments/1.png\", \"mime_type\": \"image/png\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (in.read(buffer) >= 0) {
            // dropped
        }
    }
}
