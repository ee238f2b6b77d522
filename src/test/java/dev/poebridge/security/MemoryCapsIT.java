package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.GeneratedChat;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged bridge on the heap the README documents ({@code -Xmx256m}, {@code quarkus.test.arg-line}) survives
 * what used to exhaust it: a bot answering ~200 MB of text, a 98 MB JSON body (announced or sent in chunks), and
 * several large JSON chat bodies at once ({@link DownloadMemoryIT}: large images). After each, it still answers an ordinary request, and its log shows no
 * {@code OutOfMemoryError}.
 */
@QuarkusIntegrationTest
@WithTestResource(FloodingPoe.class)
class MemoryCapsIT {

    static final int MB = 1024 * 1024;

    @TestHTTPResource("/v1/chat/completions")
    URL chatEndpoint;

    @AfterEach
    void stillAnswersAndNeverRanOutOfMemory() throws IOException {
        FloodingPoe.assertBridgeStillAnswersAndNeverRanOutOfMemory();
    }

    @Test
    void aBotAnswering200MbOfTextIsStoppedWith502() {
        assertOpenAiError(chat("{\"model\": \"Flood-200\", \"messages\": [{\"role\": \"user\", \"content\": \"talk\"}]}"),
                502, "api_error", "answer_too_large");
    }

    @Test
    void a98MbJsonBodyIsRefused() throws Exception {
        long size = 98L * MB;
        HttpRequest announced = request(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedChat("Plain-Bot", size)), size));
        assertRefusedOrCut(announced);
        HttpRequest chunked = request(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedChat("Plain-Bot", size)));
        assertRefusedOrCut(chunked);
    }

    @Test
    void severalLargeChatBodiesAtOnceAreServedOrTurnedAway() throws Exception {
        byte[] image = new byte[20_000_000];
        String body = "{\"model\": \"Plain-Bot\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", "
                + "\"text\": \"what is it?\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(image) + "\"}}]}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 4; i++) {
                HttpRequest request = request(HttpRequest.BodyPublishers.ofString(body));
                calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
            assertThat(statuses).as("each is answered, or turned away to retry (503)").allMatch(s -> s == 200 || s == 503)
                    .contains(200);
        }
    }

    HttpRequest request(HttpRequest.BodyPublisher body) throws Exception {
        return HttpRequest.newBuilder(chatEndpoint.toURI()).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(body).build();
    }

    /** A 413 if the client reads it before the bridge closes the connection, else a closed connection. */
    static void assertRefusedOrCut(HttpRequest request) throws InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        } catch (IOException closedWhileSending) {
            // refused too: the bridge answered 413 and closed while the client was still sending
        }
    }

    /** A chat request of {@code size} bytes, made as it is read. */
}
