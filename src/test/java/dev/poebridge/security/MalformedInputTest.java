package dev.poebridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bodies no OpenAI client sends, written byte by byte: each one is a 4xx OpenAI error, never a 500, on every endpoint
 * that reads multipart forms, and on the JSON endpoints for a content type that is not one media type.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class MalformedInputTest {

    static final String BOUNDARY = "----bridge-test-boundary";

    @TestHTTPResource("/")
    URL base;

    static String request(String path, String contentType, byte[] body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + BridgeCalls.KEY
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    }

    RawHttp.Response send(String path, String contentType, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(request(path, contentType, body).getBytes(StandardCharsets.ISO_8859_1));
        bytes.write(body);
        return RawHttp.exchange(base.getPort(), bytes.toByteArray());
    }

    RawHttp.Response sendMultipart(String path, String body) throws IOException {
        return send(path, "multipart/form-data; boundary=" + BOUNDARY, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String field(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    static String imagePart() {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cat.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n0000000000000000\r\n";
    }

    static String end() {
        return "--" + BOUNDARY + "--\r\n";
    }

    static void assertOpenAiError(RawHttp.Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json().path("error").has("message")).as("error.message in %s", response.body()).isTrue();
        assertThat(response.json().path("error").has("type")).isTrue();
        assertThat(response.json().path("error").has("param")).isTrue();
        assertThat(response.json().path("error").has("code")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/chat/completions", "/v1/completions", "/v1/images/generations" })
    void aContentTypeListingTwoMediaTypesIs415(String path) throws IOException {
        RawHttp.Response response = send(path, "application/json, text/plain",
                "{\"model\": \"Any-Bot\", \"prompt\": \"hi\"}".getBytes(StandardCharsets.UTF_8));
        assertOpenAiError(response, 415);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartBodyCutOffBeforeItsClosingBoundaryIs400(String path) throws IOException {
        RawHttp.Response response = sendMultipart(path, field("prompt", "a cat") + field("model", "Any-Bot")
                + imagePart() + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1");
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_multipart");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartBodyWithAnotherBoundaryThanAnnouncedIs400(String path) throws IOException {
        String body = (field("prompt", "a cat") + field("model", "Any-Bot") + imagePart() + end())
                .replace(BOUNDARY, "----some-other-boundary");
        RawHttp.Response response = sendMultipart(path, body);
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_multipart");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartBodyOfMoreThanAThousandPartsIs400(String path) throws IOException {
        StringBuilder body = new StringBuilder(field("prompt", "a cat") + field("model", "Any-Bot") + imagePart());
        for (int i = 0; i < 1001; i++) {
            body.append(field("x" + i, "y"));
        }
        RawHttp.Response response = sendMultipart(path, body + end());
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("too_many_parts");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartPartWithoutHeadersIs400(String path) throws IOException {
        RawHttp.Response response = sendMultipart(path, field("prompt", "a cat") + field("model", "Any-Bot")
                + "--" + BOUNDARY + "\r\n\r\na second prompt, smuggled\r\n" + imagePart() + end());
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_multipart");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartPartThatIsNotFormDataIs400(String path) throws IOException {
        RawHttp.Response response = sendMultipart(path, field("prompt", "a cat") + field("model", "Any-Bot")
                + "--" + BOUNDARY + "\r\nContent-Disposition: attachment\r\n\r\nsmuggled\r\n" + imagePart() + end());
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_multipart");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartPartWithoutANameIs400(String path) throws IOException {
        RawHttp.Response response = sendMultipart(path, field("prompt", "a cat") + field("model", "Any-Bot")
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n" + imagePart() + end());
        assertOpenAiError(response, 400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("invalid_multipart");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartHeaderLineWithoutAColonIs400(String path) throws IOException {
        assertOpenAiError(sendMultipart(path, field("prompt", "a cat") + "--" + BOUNDARY
                + "\r\nContent-Disposition form-data\r\n\r\nx\r\n" + end()), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/images/edits", "/v1/images/variations", "/v1/completions" })
    void aMultipartContentTypeWithoutABoundaryIs400(String path) throws IOException {
        assertOpenAiError(send(path, "multipart/form-data",
                (field("prompt", "a cat") + end()).getBytes(StandardCharsets.ISO_8859_1)), 400);
    }
}
