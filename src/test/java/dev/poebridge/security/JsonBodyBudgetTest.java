package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.ScriptedPoe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Parsing a JSON body takes several times its size in heap, so only so many JSON bytes are taken in at once
 * ({@code limits.json-bytes-in-flight}, 64K here); past that a fast 503 with {@code Retry-After}, and the budget comes
 * back when a request ends, however it ends.
 */
@QuarkusTest
@TestProfile(JsonBodyBudgetTest.SmallBudget.class)
class JsonBodyBudgetTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("limits.json-bytes-in-flight", "64K");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedPoe.class));
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URL endpoint;

    static String chatOfSize(String bot, int bytes) {
        String head = "{\"model\": \"" + bot + "\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"";
        String tail = "\"}]}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @Test
    void aBodyBeyondTheBudgetWhileOthersAreInFlightIs503AndTheBudgetComesBackWhenTheyEnd() throws Exception {
        ScriptedPoe poe = ScriptedPoe.instance();
        poe.resetSlowBot();
        byte[] first = chatOfSize("Slow-Bot", 40 * 1024).getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + BridgeCalls.KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + first.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(first);
            out.flush();
            assertThat(poe.awaitSlowBotOpened(10)).isTrue(); // its 40K are in flight

            assertOpenAiError(chat(chatOfSize("Other-Bot", 30 * 1024)), 503, "api_error", "overloaded")
                    .header("Retry-After", "1")
                    .body("error.message", containsString("limits.json-bytes-in-flight"));
            // what still fits is taken (ScriptedPoe knows no Other-Bot: a 404 from Poe, not a 503 from the bridge)
            chat(chatOfSize("Other-Bot", 20 * 1024)).statusCode(not(503));
            // a body without a length takes its share as it is read, not the whole cap up front
            assertThat(chunked(chatOfSize("Other-Bot", 20 * 1024)).statusCode()).isNotEqualTo(503);
            HttpResponse<String> tooMuch = chunked(chatOfSize("Other-Bot", 30 * 1024));
            assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(503);
            assertThat(tooMuch.body()).contains("limits.json-bytes-in-flight");
        } // the first caller goes away
        assertThat(poe.awaitSlowBotClosed(10)).isTrue();
        chat(chatOfSize("Other-Bot", 30 * 1024)).statusCode(not(503));
    }

    /** Sent in chunks, without Content-Length. */
    private HttpResponse<String> chunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(endpoint.toURI())
                .header("Authorization", "Bearer " + BridgeCalls.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyAloneIsTakenEvenWhenLargerThanTheBudget() {
        chat(chatOfSize("Other-Bot", 100 * 1024)).statusCode(not(503));
    }
}
