package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.testsupport.GeneratedChat;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SmallLimitsProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * JSON bodies have a cap of their own, below the multipart one: here 2M for JSON ({@code limits.max-json-body-size})
 * and 8M for multipart ({@code quarkus.http.limits.max-body-size}). Over a cap is a 413 with an OpenAI body, whether
 * the body announced its length (refused before it is read) or came in chunks (refused once the cap is passed,
 * without being read whole). JSON that is too deep or made of too many values is a 400.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
@TestProfile(SmallLimitsProfile.class)
class BodySizeLimitTest {

    static final int MB = 1024 * 1024;

    @InjectPoeStandIn
    PoeStandIn poe;

    @TestHTTPResource("/v1/chat/completions")
    URL chatEndpoint;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static String chatWithText(int chars) {
        return "{\"model\": \"GPT-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(chars) + "\"}]}";
    }

    @Test
    void aJsonBodyThatAnnouncesMoreThanTheJsonCapIs413BeforeItIsRead() {
        assertOpenAiError(chat(chatWithText(3 * MB)), 413, "invalid_request_error", "request_too_large")
                .body("error.message", containsString("limits.max-json-body-size"));
        assertThat(poe.queriesTo("GPT-4o")).isZero();
    }

    @Test
    void aJsonBodyUnderTheCapPasses() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        chat(chatWithText(MB)).statusCode(200);
    }

    @Test
    void aChunkedJsonBodyOverTheCapIs413() throws Exception {
        HttpResponse<String> response = sendInChunks(new GeneratedChat("GPT-4o", 3L * MB));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("request_too_large");
        assertThat(error.path("message").asText()).contains("limits.max-json-body-size");
        assertThat(poe.queriesTo("GPT-4o")).isZero();
    }

    /** After the 413 the bridge reads and drops at most the multipart cap (8M here), then closes the connection. */
    @Test
    void aChunkedJsonBodyFarOverTheCapIsCutOff() throws Exception {
        long total = 64L * MB;
        AtomicLong sent = new AtomicLong();
        try {
            assertThat(sendInChunks(new GeneratedChat("GPT-4o", total, sent)).statusCode()).isEqualTo(413);
        } catch (IOException closedWhileSending) {
            // as expected too: the client was still sending when the connection closed
        }
        assertThat(sent.get()).isLessThan(total);
        assertThat(poe.queriesTo("GPT-4o")).isZero();
    }

    HttpResponse<String> sendInChunks(InputStream body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(chatEndpoint.toURI())
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)) // no length: sent in chunks
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aMultipartBodyMayBeLargerThanTheJsonCap() {
        poe.bot("Painter", poe.fixture("image-only"));
        byte[] image = new byte[3 * MB];
        System.arraycopy(PoeStandIn.file("cat.png"), 0, image, 0, 64);
        given().header("Authorization", "Bearer " + KEY).multiPart("prompt", "make it blue").multiPart("model", "Painter")
                .multiPart("image", "cat.png", image, "image/png")
                .when().post("/v1/completions").then().statusCode(200);
    }

    @Test
    void aMultipartBodyOverTheMultipartCapIs413InOpenAiShape() {
        byte[] head = ("--b0undary\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nmake it blue\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 9 * MB];
        System.arraycopy(head, 0, body, 0, head.length);
        // a body of known length, as the OpenAI SDKs and curl send it
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY)
                .contentType("multipart/form-data; boundary=b0undary").body(body)
                .when().post("/v1/images/edits").then(), 413, "invalid_request_error", "request_too_large")
                .body("error.message", containsString("quarkus.http.limits.max-body-size"));
    }

    @Test
    void anUploadHalfAgainOverTheCapStillGetsItsOpenAi413NotABrokenConnection() {
        // 12M against the 8M cap: the bridge answers at once, then reads the rest and drops it, so a client that sends
        // its whole body before reading (as the SDKs and REST Assured do) finds the 413 instead of a reset connection.
        byte[] head = ("--b0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 12 * MB];
        System.arraycopy(head, 0, body, 0, head.length);
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY)
                .contentType("multipart/form-data; boundary=b0undary").body(body)
                .when().post("/v1/images/edits").then(), 413, "invalid_request_error", "request_too_large");
        assertThat(poe.callsBeyondTheModelList()).isEmpty();
    }

    @Test
    void jsonNestedTooDeeplyIs400() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertOpenAiError(chat("{\"model\": \"GPT-4o\", \"messages\": [{\"role\": \"user\", \"content\": " + deep + "}]}"),
                400, "invalid_request_error", "invalid_type")
                .body("error.message", containsString("nesting depth"));
    }

    @Test
    void jsonMadeOfTooManyValuesIs400() {
        String many = "[" + "{},".repeat(600_000) + "{}]";
        assertOpenAiError(chat("{\"model\": \"GPT-4o\", \"stop\": " + many + ", \"messages\": []}"),
                400, "invalid_request_error", "invalid_type")
                .body("error.param", equalTo("stop"))
                .body("error.message", containsString("Token count"));
    }
}
