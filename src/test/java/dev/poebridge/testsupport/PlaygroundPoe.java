package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/**
 * The Poe a browser test of the playground page needs: a model list, a file server, and bots whose pace the test
 * sets, so that a test can watch the page while a reply is still coming.
 * <ul>
 * <li>{@value #IMAGE_BOT}: draws {@code /files/cat.png} at once ({@link #imageUrl()}).</li>
 * <li>{@value #SLOW_BOT}: sends a {@code ping} every 100 ms for as long as the connection stays open, and records
 * when it opens and closes.</li>
 * <li>{@value #TYPING_BOT}: writes each text the test passes to {@link #type(String)}, as it is passed, pinging
 * meanwhile; {@link #finishTyping()} ends the reply.</li>
 * <li>Any other bot answers 404, as the WireMock stand-in's {@code bot-unknown} mapping does.</li>
 * </ul>
 */
public class PlaygroundPoe extends ScriptedStandIn {

    public static final String IMAGE_BOT = "Image-Bot";
    public static final String SLOW_BOT = "Slow-Bot";
    public static final String TYPING_BOT = "Typing-Bot";

    private static final String DONE = "\u0000done";
    private static volatile PlaygroundPoe instance;

    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();

    public PlaygroundPoe() {
        super(1200);
    }

    public static PlaygroundPoe instance() {
        return instance;
    }

    @Override
    public Map<String, String> start() {
        String baseUrl = serve(Map.of(
                "/v1/models", this::models,
                "/files/cat.png", this::cat,
                "/bot/", this::unknownBot,
                "/bot/" + IMAGE_BOT, this::image,
                "/bot/" + SLOW_BOT, this::slow,
                "/bot/" + TYPING_BOT, this::typing));
        instance = this;
        return Map.of("poe.base-url", baseUrl, "images.download.allow-private-networks", "true");
    }

    /** Where {@value #IMAGE_BOT}'s image is served. */
    public String imageUrl() {
        return baseUrl() + "/files/cat.png";
    }

    /** Forgets what an earlier test passed to {@value #TYPING_BOT} and did not see sent. */
    public void resetTypingBot() {
        typed.clear();
    }

    /** {@value #TYPING_BOT} sends this text next. */
    public void type(String text) {
        typed.add(text);
    }

    /** {@value #TYPING_BOT} ends its reply. */
    public void finishTyping() {
        typed.add(DONE);
    }

    private void models(HttpExchange exchange) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String bot : new String[] { IMAGE_BOT, SLOW_BOT, TYPING_BOT }) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\": \"").append(bot)
                    .append("\", \"object\": \"model\", \"created\": 1718000000000, \"owned_by\": \"Stand-in\"}");
        }
        String list = "{\"object\": \"list\", \"data\": [" + data + "]}";
        respond(exchange, 200, "application/json", list.getBytes(StandardCharsets.UTF_8));
    }

    private void cat(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "image/png", PoeStandIn.file("cat.png"));
    }

    private void unknownBot(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        respond(exchange, 404, "application/json", ("{\"error\": {\"message\": \"Bot does not exist\","
                + " \"type\": \"invalid_request_error\", \"code\": \"model_not_found\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private void image(HttpExchange exchange) throws IOException {
        try (OutputStream out = startStream(exchange)) {
            write(out, "event: file\ndata: {\"url\": \"" + imageUrl() + "\", \"content_type\": \"image/png\", \"name\": \"cat.png\"}\n\n");
            write(out, "event: done\ndata: {}\n\n");
        }
    }

    private void typing(HttpExchange exchange) throws IOException {
        try (OutputStream out = startStream(exchange)) {
            write(out, "event: meta\ndata: {\"content_type\": \"text/markdown\"}\n\n");
            for (int i = 0; i < 1200; i++) {
                String text = typed.poll(100, TimeUnit.MILLISECONDS);
                if (DONE.equals(text)) {
                    write(out, "event: done\ndata: {}\n\n");
                    return;
                }
                write(out, text == null ? "event: ping\ndata: {}\n\n"
                        : "event: text\ndata: {\"text\": \"" + text.replace("\"", "\\\"") + "\"}\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
