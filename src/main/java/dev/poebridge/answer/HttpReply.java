package dev.poebridge.answer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jboss.resteasy.reactive.RestMulti;

import dev.poebridge.error.ErrorMapper;
import dev.poebridge.ops.ResponseHold;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A reply decided before anything is written: its status, headers and body stream. Resources hand it over with
 * {@link #send}, so that a failure Poe reports early still becomes a real HTTP status
 * (Quarkus commits a plain SSE response before it reads the first item).
 */
public record HttpReply(int status, Map<String, List<String>> headers, Multi<Buffer> body) {

    private static final Map<String, List<String>> SSE_HEADERS = Map.of(
            "Content-Type", List.of("text/event-stream; charset=utf-8"),
            "Cache-Control", List.of("no-cache"),
            // nginx and similar proxies buffer responses unless told not to
            "X-Accel-Buffering", List.of("no"));

    /**
     * What a resource returns: the reply {@code reply} makes, its status and headers settled before the first byte.
     * The reply's hold is released when {@code request} is done, whatever happened: registered here, while the request
     * is being served, because a client that leaves between the outcome and the first byte is never seen by the reply
     * itself.
     */
    public static Multi<Buffer> send(HttpServerRequest request, Function<ResponseHold, Uni<HttpReply>> reply) {
        return RestMulti.fromUniResponse(reply.apply(ResponseHold.forRequest(request)), HttpReply::body,
                HttpReply::headers, HttpReply::status);
    }

    public static HttpReply json(byte[] body) {
        return new HttpReply(200, Map.of("Content-Type", List.of("application/json")),
                Multi.createFrom().item(Buffer.buffer(body)));
    }

    /** A 200 JSON body written in pieces as the writer asks for them. */
    public static HttpReply json(Multi<Buffer> pieces) {
        return new HttpReply(200, Map.of("Content-Type", List.of("application/json")), pieces);
    }

    /** Any failure as its OpenAI error ({@link ErrorMapper#describe}), with {@code Retry-After} when it has one. */
    public static HttpReply failure(Throwable failure, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        ErrorMapper.Failure described = ErrorMapper.describe(failure);
        try {
            return failure(described, mapper.writeValueAsBytes(described.body()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an error body", e);
        }
    }

    public static HttpReply eventStream(Multi<Buffer> frames) {
        return new HttpReply(200, SSE_HEADERS, frames);
    }

    public static HttpReply failure(ErrorMapper.Failure failure, byte[] body) {
        Map<String, List<String>> headers = failure.retryAfterSeconds() == null
                ? Map.of("Content-Type", List.of("application/json"))
                : Map.of("Content-Type", List.of("application/json"),
                        "Retry-After", List.of(String.valueOf(failure.retryAfterSeconds())));
        return new HttpReply(failure.status(), headers, Multi.createFrom().item(Buffer.buffer(body)));
    }

    /** One SSE frame holding this data. */
    public static Buffer frame(String data) {
        return Buffer.buffer(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    public static final String DONE = "[DONE]";
}
