package dev.poebridge.security;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What callers send as files reaches Poe's upload only in checked form: no header lines smuggled in through a file
 * name or a data URL's media type, and no malformed image URL passed on.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class FileIntakeSecurityTest {

    private static final byte[] PNG = PoeStandIn.file("cat.png");
    private static final String INJECTED = "X-Injected: yes";

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    private List<LoggedRequest> uploads() {
        return poe.wireMock().findAll(postRequestedFor(urlPathEqualTo("/upload")));
    }

    private void assertNoInjectedHeaderLine() {
        assertThat(uploads()).isNotEmpty().allSatisfy(upload -> {
            String raw = new String(upload.getBody(), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("\r\n" + INJECTED).doesNotContain("\n" + INJECTED);
        });
    }

    /** A multipart body with one image part whose RFC 5987 file name decodes to {@code name}. */
    private static byte[] multipart(String boundary, String field, String encodedName, String... textFields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < textFields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + textFields[i] + "\"\r\n\r\n"
                    + textFields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename*=UTF-8''" + encodedName + "\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(PNG);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aFileNameWithCrLfAddsNoHeaderLineToTheUpload(String path) {
        String field = path.endsWith("completions") ? "file" : "image";
        given().header("Authorization", "Bearer " + KEY)
                .contentType("multipart/form-data; boundary=b0undary")
                .body(multipart("b0undary", field, "cat%0D%0A" + "X-Injected%3A%20yes%0D%0A.png",
                        "prompt", "make it blue", "model", "Imagen-3-Fast"))
                .when().post(path).then().statusCode(200);
        assertNoInjectedHeaderLine();
        assertThat(uploads().get(0).getBodyAsString()).contains("filename=\"cat__X-Injected: yes__.png\"");
    }

    @Test
    void aDataUrlMediaTypeWithCrLfAddsNoHeaderLineToTheUpload() {
        String dataUrl = "data:image/png\\r\\n" + INJECTED + ";base64," + Base64.getEncoder().encodeToString(PNG);
        chat("""
                {"model": "Imagen-3-Fast", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "what is this?"},
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(dataUrl)).statusCode(200);
        assertNoInjectedHeaderLine();
    }

    @Test
    void aFileNameInAFilePartWithCrLfAddsNoHeaderLineToTheUpload() {
        chat("""
                {"model": "Imagen-3-Fast", "messages": [{"role": "user", "content": [
                  {"type": "file", "file": {"filename": "a.pdf\\r\\n%s", "file_data": "data:application/pdf;base64,JVBERi0xLjQK"}}]}]}"""
                .formatted(INJECTED)).statusCode(200);
        assertNoInjectedHeaderLine();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://[bad:url/x", "https://exa mple.com/a.png", "http://", "https:///a.png",
            "http://example.com/a\\u0000.png", "http://example.com/\\r\\nX: y" })
    void anImageUrlThatIsNotAWellFormedHttpUrlIs400AtTheEdge(String url) {
        assertOpenAiError(chat("""
                {"model": "Imagen-3-Fast", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(url)),
                400, "invalid_request_error", "invalid_value")
                .body("error.param", org.hamcrest.Matchers.equalTo("messages[0].content[0].image_url.url"));
        assertThat(uploads()).isEmpty();
        assertThat(poe.queriesTo("Imagen-3-Fast")).isZero();
    }

    @Test
    void aJsonEditImageUrlThatIsNotWellFormedIs400NamingTheEntry() {
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("""
                        {"prompt": "blue", "images": [{"image_url": "http://[bad:url/x"}]}""")
                .when().post("/v1/images/edits").then(), 400, "invalid_request_error", "invalid_value")
                .body("error.param", org.hamcrest.Matchers.equalTo("images[0].image_url"));
    }
}
