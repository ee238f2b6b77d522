package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The bot query's request head, worked out once per client instead of per query, is the head each query got when
 * its URL was parsed per call: same target, same header names as spelled, same values, same bytes on the wire.
 */
class BotQueryHeadTest {

    private static final BotName BOT = new BotName("Claude-Sonnet-4.5");

    /** The head as it was built before: the whole URL parsed per query, header names and values as plain Strings. */
    private static RequestOptions parsedPerCall(String base, BotName bot, String key) {
        String botBaseUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/bot/";
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(botBaseUrl + bot.value())
                .putHeader("Authorization", "Bearer " + key)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "text/event-stream")
                .putHeader("Cache-Control", "no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://api.poe.com", "https://api.poe.com/", "http://127.0.0.1:8089",
            "http://localhost:8089/poe/", "https://[::1]:8443/a/b", "http://user@example.com/x" })
    void aQueryGoesWhereTheWholeUrlParsedPerQueryWent(String base) {
        RequestOptions now = new BotQueryHead(base).request(BOT, "key-1");
        RequestOptions before = parsedPerCall(base, BOT, "key-1");

        assertThat(now.getMethod()).isEqualTo(before.getMethod());
        assertThat(now.getHost()).isEqualTo(before.getHost());
        assertThat(now.getPort()).isEqualTo(before.getPort());
        assertThat(now.isSsl()).isEqualTo(before.isSsl());
        assertThat(now.getURI()).isEqualTo(before.getURI());
    }

    @Test
    void theHeadersKeepTheirSpellingOrderAndValuesAndTheKeyIsPerQuery() {
        BotQueryHead head = new BotQueryHead("https://api.poe.com");

        assertThat(headers(head.request(BOT, "first-key"))).containsExactly(
                Map.entry("Authorization", "Bearer first-key"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("Accept", "text/event-stream"),
                Map.entry("Cache-Control", "no-store"));
        assertThat(headers(head.request(BOT, "second-key"))).first()
                .isEqualTo(Map.entry("Authorization", "Bearer second-key"));
    }

    @Test
    void aBaseUrlThatDoesNotParseFailsEachQueryAsItAlwaysDid() {
        BotQueryHead head = new BotQueryHead("ftp://api.poe.com");

        assertThatThrownBy(() -> head.request(BOT, "key"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poeReceivesTheSameBytesAsWhenTheUrlWasParsedPerQuery() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket poe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String base = "http://127.0.0.1:" + poe.getLocalPort();
            HttpClient client = vertx.createHttpClient();
            String now = receivedHead(poe, client, new BotQueryHead(base).request(BOT, "key-1"));
            String before = receivedHead(poe, client, parsedPerCall(base, BOT, "key-1"));

            assertThat(now).startsWith("POST /bot/Claude-Sonnet-4.5 HTTP/1.1\r\n")
                    .contains("\r\nAuthorization: Bearer key-1\r\n").isEqualTo(before);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends a query with {@code options} and returns its head as the server read it; answers 204 and closes. */
    private static String receivedHead(ServerSocket poe, HttpClient client, RequestOptions options) throws Exception {
        client.request(options).compose(request -> request.send(Buffer.buffer("{}")));
        try (Socket connection = poe.accept()) {
            connection.setSoTimeout(10_000);
            String head = readHead(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return head;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<Map.Entry<String, String>> headers(RequestOptions options) {
        return options.getHeaders().entries().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList();
    }
}
