package dev.poebridge.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.openai.ErrorResponse;

/**
 * OpenAI error bodies for what the HTTP layer refuses before any JAX-RS code runs: a request line or headers that do
 * not parse, an over-long URI or header block, a request head that never completes, a body without
 * {@code Content-Length} that outgrows the limit. They are written straight to the
 * connection, so they are built here, outside CDI, as bytes.
 */
public final class HttpLayerErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpLayerErrors() {
    }

    public static byte[] uriTooLong() {
        return body("The request line is longer than this bridge accepts (quarkus.http.limits.max-initial-line-length).",
                "uri_too_long");
    }

    public static byte[] headersTooLarge() {
        return body("The request headers are larger than this bridge accepts (quarkus.http.limits.max-header-size).",
                "headers_too_large");
    }

    public static byte[] malformedRequest() {
        return body("The request line or headers are not valid HTTP/1.1.", "invalid_http_request");
    }

    public static byte[] invalidUri() {
        return body("The request URI is not a valid URI.", "invalid_request_uri");
    }

    public static byte[] requestTooLarge() {
        return body("The request body is larger than this bridge accepts (quarkus.http.limits.max-body-size).",
                "request_too_large");
    }

    public static byte[] headersTimedOut() {
        return body("The request headers did not arrive in time (http.header-read-timeout).", "request_timeout");
    }

    private static byte[] body(String message, String code) {
        try {
            return MAPPER.writeValueAsBytes(ErrorResponse.of(message, "invalid_request_error", null, code));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
