package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.poebridge.testsupport.LocalHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Poe stand-in whose answers are made as they are sent, so that they can be larger than anything worth holding in
 * a test: {@code /bot/Flood-<n>} answers {@code n} MB of text events (stopping when the bridge hangs up),
 * {@code /bot/Plain-Bot} a short answer, {@code /bot/Big-Image-<n>} a file event for {@code /files/big-<n>.png}, which
 * serves an {@code n} MB "PNG" (the signature, then zeros), and {@code /upload} reads and drops the file and answers an
 * attachment. Its files are on 127.0.0.1, so downloads from private addresses are allowed.
 */
public class FloodingPoe implements QuarkusTestResourceLifecycleManager {

    static final String PLAIN_ANSWER = "Still here.";

    private LocalHttpServer server;

    @Override
    public Map<String, String> start() {
        server = new LocalHttpServer(Map.of(
                "/bot/", this::bot,
                "/upload", this::upload,
                "/files/", this::bigFile));
        String base = server.baseUrl();
        return Map.of("poe.base-url", base, "poe.upload-url", base + "/upload",
                "images.download.allow-private-networks", "true");
    }

    @Override
    public void stop() {
        server.close();
    }

    /** After a test: the bridge still answers an ordinary request, and its log shows no {@code OutOfMemoryError}. */
    static void assertBridgeStillAnswersAndNeverRanOutOfMemory() throws IOException {
        chat("{\"model\": \"Plain-Bot\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").statusCode(200)
                .body("choices[0].message.content", equalTo(FloodingPoe.PLAIN_ANSWER));
        Path log = Path.of("target", "quarkus.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        }
    }

    private void bot(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String bot = exchange.getRequestURI().getPath().substring("/bot/".length());
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (bot.startsWith("Big-Image-")) {
                String url = server.baseUrl() + "/files/big-"
                        + bot.substring("Big-Image-".length()) + ".png";
                out.write(("event: file\ndata: {\"url\": \"" + url + "\", \"content_type\": \"image/png\", \"name\": \"big.png\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (bot.startsWith("Flood-")) {
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

    private void bigFile(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/files/big-".length());
        long size = Long.parseLong(name.substring(0, name.length() - ".png".length())) * 1024 * 1024;
        exchange.getResponseHeaders().add("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, size);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(PNG_SIGNATURE);
            for (long sent = PNG_SIGNATURE.length; sent < size; sent += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - sent));
            }
        } catch (IOException e) {
            // the bridge hung up
        }
    }

    static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

    private void upload(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String base = server.baseUrl();
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
