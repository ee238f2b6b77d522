package dev.poebridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jboss.logmanager.ExtLogRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.ScriptedPoeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What the HTTP layer refuses below JAX-RS, spoken over a plain socket: every refusal carries an OpenAI error body with
 * the status Vert.x would have sent empty, and a client that never finishes its request head is cut off. Request
 * bodies are capped at 16 KiB and request heads must arrive within a second here.
 */
@QuarkusTest
@TestProfile(ScriptedPoeProfile.class)
class HttpLayerSecurityTest {

    static final ExecutorService DRIBBLERS = Executors.newCachedThreadPool();

    @AfterAll
    static void stopDribblers() {
        DRIBBLERS.shutdownNow();
    }

    @TestHTTPResource("/")
    URL base;

    RawHttp.Response exchange(String request) throws IOException {
        return RawHttp.exchange(base.getPort(), request);
    }

    static void assertOpenAiError(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(response.json().path("error").path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asText()).isNotBlank();
        assertThat(response.json().path("error").has("param")).isTrue();
    }

    @Test
    void aRequestLineOverTheLimitIs414WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange("GET /v1/models?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                414, "uri_too_long");
    }

    @Test
    void headersOverTheLimitAre431WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(30_000)
                + "\r\n\r\n"), 431, "headers_too_large");
    }

    @Test
    void aMalformedHttpVersionIs400WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange("GET /v1/models HTTP/one\r\nHost: localhost\r\n\r\n"), 400, "invalid_http_request");
    }

    @Test
    void aHeaderNameWithASpaceIs400WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n"),
                400, "invalid_http_request");
    }

    @Test
    void aUriThatDoesNotParseIs400WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange("GET /v1/models?q=%zz|{} HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400,
                "invalid_request_uri");
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIs413WithAnOpenAiError() throws IOException {
        assertOpenAiError(exchange(chunked("/v1/chat/completions", "application/json",
                "{\"model\": \"Any-Bot\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(20_000) + "\"}]}")),
                413, "request_too_large");
    }

    @Test
    void aChunkedMultipartBodyOverTheLimitIs413WithAnOpenAiError() throws IOException {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + "x".repeat(20_000)
                + "\r\n--" + boundary + "--\r\n";
        assertOpenAiError(exchange(chunked("/v1/images/edits", "multipart/form-data; boundary=" + boundary, body)),
                413, "request_too_large");
    }

    static String chunked(String path, String contentType, String body) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + BridgeCalls.KEY + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < body.length(); i += 4096) {
            String chunk = body.substring(i, Math.min(body.length(), i + 4096));
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return request.append("0\r\n\r\n").toString();
    }

    @Test
    void aClientThatAbortsAnUploadIsOneInfoLineWithoutAStackTrace() throws Exception {
        CapturedLogs logs = CapturedLogs.open();
        try (RawHttp http = new RawHttp(base.getPort())) {
            String boundary = "b0undary";
            String start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cat.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n" + "x".repeat(4000);
            http.send("POST /v1/images/edits HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + BridgeCalls.KEY
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: 12000\r\n\r\n"
                    + start);
        } // closed half way through the body
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (logs.lines().stream().noneMatch(line -> line.contains("/v1/images/edits"))
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20); // polls for the server's report of the abort, for 10 s at most
            }
        } finally {
            logs.close();
        }
        List<ExtLogRecord> records = logs.records().stream().map(ExtLogRecord.class::cast).toList();
        assertThat(records).filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .extracting(ExtLogRecord::getFormattedMessage).isEmpty();
        assertThat(records).filteredOn(r -> r.getFormattedMessage().contains("/v1/images/edits"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getLevel()).isEqualTo(org.jboss.logmanager.Level.INFO);
                    assertThat(r.getThrown()).isNull();
                    assertThat(r.getFormattedMessage()).contains("closed the connection");
                });
    }

    @Test
    void aClientThatDribblesItsHeadersGetsA408AndIsDisconnected() throws Exception {
        try (RawHttp http = new RawHttp(base.getPort())) {
            http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n");
            // one header byte every 100 ms, for far longer than the 1 s the head may take
            DRIBBLERS.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    http.send("x");
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                return null;
            });
            assertOpenAiError(http.readResponse(), 408, "request_timeout");
            assertThat(http.closedByServerWithin(10_000)).isTrue();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (RawHttp http = new RawHttp(base.getPort())) {
            assertThat(http.closedByServerWithin(10_000)).isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionMayIdleLongerThanTheHeaderTimeoutBetweenRequests() throws Exception {
        try (RawHttp http = new RawHttp(base.getPort())) {
            http.send("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(http.readResponse().status()).isEqualTo(200);
            TimeUnit.MILLISECONDS.sleep(1500); // idle for longer than the header read timeout
            http.send("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(http.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatUpgradesToHttp2IsLeftAloneByTheGuard() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest live = HttpRequest.newBuilder(base.toURI().resolve("/q/health/live")).build();
        HttpResponse<String> first = client.send(live, HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        TimeUnit.MILLISECONDS.sleep(1500); // longer than the header read timeout, on the same HTTP/2 connection
        assertThat(client.send(live, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aLongRequestIsNotCutOffByTheHeaderTimeoutOnceItsHeadHasArrived() throws Exception {
        try (RawHttp http = new RawHttp(base.getPort())) {
            String body = "{\"model\": \"Any-Bot\", \"messages\": []}";
            http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + BridgeCalls.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n");
            TimeUnit.MILLISECONDS.sleep(1500); // the body comes late, but the head was complete
            http.send(body);
            assertThat(http.readResponse().status()).isEqualTo(400);
        }
    }
}
