package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Large images on the heap the README documents ({@code -Xmx256m}): six {@code b64_json} generations of 49 MB images (asked
 * for {@code b64_json}, or as GPT-image clients ask, which gets url and bytes) at
 * once (they would not fit in the heap together) are all served, one after another within the download budget, each
 * image's base64 written slice by slice; afterwards the bridge still answers, and its log shows no
 * {@code OutOfMemoryError}. A bridge of its own (the profile), so that no other test's garbage shares its heap.
 */
@QuarkusIntegrationTest
@WithTestResource(FloodingPoe.class)
@TestProfile(DownloadMemoryIT.OwnBridge.class)
class DownloadMemoryIT {

    public static class OwnBridge implements QuarkusTestProfile {
    }

    static final int MB = 1024 * 1024;

    @AfterEach
    void stillAnswersAndNeverRanOutOfMemory() throws IOException {
        FloodingPoe.assertBridgeStillAnswersAndNeverRanOutOfMemory();
    }

    @TestHTTPResource("/v1/images/generations")
    URL imagesEndpoint;

    /** Asked for base64, and asked as GPT-image clients ask (no response_format, a GPT-image-only field): url and bytes. */
    @ParameterizedTest
    @ValueSource(strings = { "\"response_format\": \"b64_json\"", "\"output_format\": \"png\"" })
    void sixLargeB64ImagesAtOnceAreAllServedWithinTheDownloadBudget(String format) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(imagesEndpoint.toURI())
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"Big-Image-49\", \"prompt\": \"a big one\", " + format + "}"))
                .build();
        String pngInBase64 = Base64.getEncoder().encodeToString(FloodingPoe.PNG_SIGNATURE).substring(0, 16);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        // every response read at once, as six independent clients would (a shared pool may have one thread)
        ExecutorService readers = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) { // 6 x 49 MB would not fit in the heap at once
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApplyAsync(response -> {
                try (InputStream body = response.body()) {
                    String head = new String(body.readNBytes(256), StandardCharsets.US_ASCII);
                    long length = head.length() + body.transferTo(OutputStream.nullOutputStream());
                    return response.statusCode() + " " + head.contains("\"b64_json\":\"" + pngInBase64) + " "
                            + (length > 49L * MB * 4 / 3) + " " + head.substring(0, Math.min(head.length(), 120));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, readers));
        }
        try {
            for (CompletableFuture<String> call : calls) {
                assertThat(call.get()).startsWith("200 true true");
            }
        } finally {
            readers.shutdownNow();
        }
    }
}
