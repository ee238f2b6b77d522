package dev.poebridge.chat;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.ScriptedPoeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Over-size files and bodies are refused with 413 before anything is uploaded (files capped at 1 KiB here, bodies at 16 KiB). */
@QuarkusTest
@TestProfile(ScriptedPoeProfile.class)
class RequestLimitsTest {

    static String dataUrl(int bytes) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void anOversizeImageInAChatMessageIs413NamingThePart() {
        assertOpenAiError(chat("""
                {"model": "Any-Bot", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(dataUrl(2048))),
                413, "invalid_request_error", "file_too_large")
                .body("error.param", equalTo("messages[0].content[0].image_url.url"))
                .body("error.message", containsString("1024"));
    }

    @Test
    void anOversizeFileInAMultipartCompletionIs413() {
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY)
                .multiPart("prompt", "make it blue").multiPart("model", "Any-Bot")
                .multiPart("image", "big.png", new byte[2048], "image/png")
                .when().post("/v1/completions").then(), 413, "invalid_request_error", "file_too_large");
    }

    @Test
    void anOversizeBodyIs413InOpenAiShape() {
        String big = "x".repeat(20 * 1024);
        assertOpenAiError(chat("{\"model\": \"Any-Bot\", \"messages\": [{\"role\": \"user\", \"content\": \"" + big + "\"}]}"),
                413, "invalid_request_error", "request_too_large");
    }

    @Test
    void anOversizeImageInAnEditIs413() {
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY)
                .multiPart("prompt", "make it blue").multiPart("image", "big.png", new byte[2048], "image/png")
                .when().post("/v1/images/edits").then(), 413, "invalid_request_error", "file_too_large")
                .body("error.param", equalTo("image"));
    }
}
