package dev.poebridge.error;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * What request bodies may cost: over-size ones get a 413 with an OpenAI error body, JSON bodies have a cap of their
 * own, and only so many JSON bytes are taken in at once.
 * <ul>
 * <li>Multipart bodies (image edits and variations, multipart completions) may be as large as
 * {@code quarkus.http.limits.max-body-size}: Quarkus writes their files to disk. Every other body is JSON, which is
 * parsed into memory, so it is capped lower, by {@code limits.max-json-body-size} ({@link BodyLimits}).</li>
 * <li>A body that announces its size ({@code Content-Length}) is answered here, before any of it is read. Quarkus would
 * answer the multipart case itself, but with an empty body that OpenAI clients report as an unknown error.</li>
 * <li>A JSON body sent in chunks, without a length, is counted while it is parsed and refused once it passes the cap,
 * so it is never held whole ({@link ChunkedJsonCap}).</li>
 * <li>JSON bodies taken in at once have a budget ({@code limits.json-bytes-in-flight}, {@link JsonBytesInFlight}),
 * because parsing one takes several times its size in heap: past it, a fast 503 with {@code Retry-After}.</li>
 * </ul>
 */
@ApplicationScoped
public class BodySizeLimit {

    private final BodyLimits limits;
    private final JsonBytesInFlight inFlight;

    BodySizeLimit(BodyLimits limits, JsonBytesInFlight inFlight) {
        this.limits = limits;
        this.inFlight = inFlight;
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            boolean multipart = isMultipart(request.getHeader("Content-Type"));
            String length = request.getHeader("Content-Length");
            long size = length == null ? -1 : parse(length);
            if (size > limits.maxBytes(multipart)) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Buffer.buffer(limits.tooLargeBody(multipart)));
                limits.discardThenClose(request);
                return;
            }
            if (!multipart && (size > 0 || size < 0 && isChunked(request)) && !inFlight.admit(ctx, size)) {
                ctx.response().setStatusCode(503)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Retry-After", "1")
                        .end(Buffer.buffer(inFlight.busyBody()));
                return;
            }
            ctx.next();
        });
    }

    /** A body of unknown length: chunked in HTTP/1.1; in HTTP/2 any request without a length may have one. */
    private static boolean isChunked(HttpServerRequest request) {
        return request.getHeader("Transfer-Encoding") != null
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded();
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
