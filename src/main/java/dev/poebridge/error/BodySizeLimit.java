package dev.poebridge.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.openai.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Over-size requests get an OpenAI error body. Quarkus enforces {@code quarkus.http.limits.max-body-size} below JAX-RS
 * and answers 413 with an empty body, which OpenAI clients report as an unknown error; a request that announces its
 * size is answered here first, before any of it is read.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final byte[] body;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper mapper)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.body = mapper.writeValueAsBytes(ErrorResponse.of("The request body is larger than the " + maxBytes
                + " bytes this bridge accepts (quarkus.http.limits.max-body-size).", "invalid_request_error", null,
                "request_too_large"));
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && parse(length) > maxBytes) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(body));
                return;
            }
            ctx.next();
        });
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
