package dev.poebridge.error;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.LimitsConfig;
import dev.poebridge.openai.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What request bodies may cost: over-size ones get a 413 with an OpenAI error body, JSON bodies have a cap of their
 * own, and only so many JSON bytes are taken in at once.
 * <ul>
 * <li>Multipart bodies (image edits and variations, multipart completions) may be as large as
 * {@code quarkus.http.limits.max-body-size}: Quarkus writes their files to disk. Every other body is JSON, which is
 * parsed into memory, so it is capped lower, by {@code limits.max-json-body-size}.</li>
 * <li>A body that announces its size ({@code Content-Length}) is answered here, before any of it is read. Quarkus would
 * answer the multipart case itself, but with an empty body that OpenAI clients report as an unknown error.</li>
 * <li>A JSON body sent in chunks, without a length, is counted while it is parsed and refused once it passes the cap,
 * so it is never held whole. (The application's {@code ObjectMapper} has the same cap as a last line, see
 * {@code config.StrictJson}.)</li>
 * <li>JSON bodies taken in at once have a budget ({@code limits.json-bytes-in-flight}), because parsing one takes
 * several times its size in heap: past it, a fast 503 with {@code Retry-After}.</li>
 * </ul>
 */
@ApplicationScoped
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    private final long maxMultipartBytes;
    private final long maxJsonBytes;
    private final byte[] multipartBody;
    private final byte[] jsonBody;
    private final ErrorResponse jsonTooLarge;
    private final long jsonBytesInFlight;
    private final String busyMessage;
    private final byte[] busyBody;
    private final AtomicLong inFlight = new AtomicLong();
    private static final String RESERVATION = BodySizeLimit.class.getName() + ".reservation";
    private final CurrentVertxRequest currentRequest;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxMultipart,
            LimitsConfig limits, ObjectMapper mapper, CurrentVertxRequest currentRequest) throws JsonProcessingException {
        this.currentRequest = currentRequest;
        this.maxMultipartBytes = maxMultipart.asLongValue();
        // Quarkus' own cap applies to every body, so JSON bodies get whichever is lower.
        boolean jsonCapLower = limits.maxJsonBodySize().asLongValue() <= maxMultipartBytes;
        this.maxJsonBytes = Math.min(limits.maxJsonBodySize().asLongValue(), maxMultipartBytes);
        this.multipartBody = mapper.writeValueAsBytes(tooLarge(maxMultipartBytes, "multipart",
                "quarkus.http.limits.max-body-size"));
        this.jsonTooLarge = tooLarge(maxJsonBytes, "JSON",
                jsonCapLower ? "limits.max-json-body-size" : "quarkus.http.limits.max-body-size");
        this.jsonBody = mapper.writeValueAsBytes(jsonTooLarge);
        this.jsonBytesInFlight = limits.jsonBytesInFlightOrDefault();
        this.busyMessage = "The bridge is taking in its maximum of " + jsonBytesInFlight
                + " bytes of JSON request bodies at once (limits.json-bytes-in-flight); retry shortly.";
        this.busyBody = mapper.writeValueAsBytes(ErrorResponse.of(busyMessage, "api_error", null, "overloaded"));
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            boolean multipart = isMultipart(request.getHeader("Content-Type"));
            String length = request.getHeader("Content-Length");
            long size = length == null ? -1 : parse(length);
            if (size > (multipart ? maxMultipartBytes : maxJsonBytes)) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Buffer.buffer(multipart ? multipartBody : jsonBody));
                discardThenClose(request);
                return;
            }
            if (!multipart && (size > 0 || size < 0 && isChunked(request))) {
                // A body of unknown length reserves nothing yet: it takes its share as it is read (CappedStream).
                Reservation reservation = new Reservation();
                if (size > 0 && !reservation.grow(size)) {
                    ctx.response().setStatusCode(503)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Retry-After", "1")
                            .end(Buffer.buffer(busyBody));
                    return;
                }
                ctx.put(RESERVATION, reservation);
                whenDone(request, reservation::release);
            }
            ctx.next();
        });
    }

    /**
     * One request's share of the budget of JSON bytes in flight, held until the request is done: announced bodies take
     * their length up front, bodies of unknown length grow it as they are read. A body is always taken when nothing
     * else is in flight.
     */
    final class Reservation {
        private long held; // guarded by this

        synchronized boolean grow(long bytes) {
            while (true) {
                long current = inFlight.get();
                if (current > held && current + bytes > jsonBytesInFlight) {
                    return false;
                }
                if (inFlight.compareAndSet(current, current + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        synchronized void release() {
            inFlight.addAndGet(-held);
            held = 0;
        }
    }

    /**
     * Runs {@code action} once the response has ended or the connection closed. Not through
     * {@code RoutingContext.addEndHandler}: that takes the response's single end and close handler slots, which Quarkus
     * REST sets again for its own use, and a reservation never given back would shrink the budget for good.
     */
    private static void whenDone(HttpServerRequest request, Runnable action) {
        QuarkusRequestWrapper.get(request).addRequestDoneHandler(done -> action.run());
    }

    /** A body of unknown length: chunked in HTTP/1.1; in HTTP/2 any request without a length may have one. */
    private static boolean isChunked(HttpServerRequest request) {
        return request.getHeader("Transfer-Encoding") != null
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded();
    }

    /**
     * A body that did not announce its length is counted as it is parsed, and parsing stops at the JSON cap: such a
     * body is never held whole.
     */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getHeaders().getFirst("Content-Length") != null || isMultipart(context.getMediaType())) {
            return context.proceed();
        }
        RoutingContext routing = currentRequest.getCurrent();
        Reservation reservation = routing == null ? null : routing.get(RESERVATION);
        CappedStream capped = new CappedStream(context.getInputStream(), maxJsonBytes, reservation);
        context.setInputStream(capped);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (capped.exceeded) {
                throw new BodyTooLarge(); // Jackson wraps it into a failure of the field it was reading
            }
            if (capped.refused) {
                throw new ApiException(503, "api_error", null, "overloaded", busyMessage, 1L);
            }
            throw e;
        }
    }

    @ServerExceptionMapper
    public Response tooLarge(BodyTooLarge e, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        whenDone(request, () -> discardThenClose(request));
        return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE).header("Connection", "close")
                .entity(jsonTooLarge).build();
    }

    /**
     * After a 413, what is left of the body is read and dropped, up to {@code quarkus.http.limits.max-body-size} (as
     * much as the bridge reads of any request), and then the connection is closed. Closed at once, with the client
     * still sending, most clients' network stacks drop the 413 unread and report a broken connection instead; left
     * alone, the server would read the rest however long it is.
     */
    private void discardThenClose(HttpServerRequest request) {
        if (request.isEnded()) {
            return; // "Connection: close" closes it
        }
        long[] left = { maxMultipartBytes };
        request.handler(chunk -> {
            left[0] -= chunk.length();
            if (left[0] < 0) {
                request.connection().close();
            }
        });
        request.resume();
    }

    /** Past the cap: an {@link IOException}, as the stream's failures are. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body over limits.max-json-body-size", null);
        }
    }

    /** Counts what is read; past the cap it fails, and it no longer drains the request when closed. */
    static final class CappedStream extends FilterInputStream {

        private final long max;
        private final Reservation reservation;
        private long read;
        private boolean exceeded;
        private boolean refused;

        CappedStream(InputStream in, long max, Reservation reservation) {
            super(in);
            this.max = max;
            this.reservation = reservation;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!exceeded && !refused) {
                super.close(); // closing Quarkus' stream reads the request to its end, which is what the cap avoids
            }
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                exceeded = true;
                throw new BodyTooLarge();
            }
            if (n > 0 && reservation != null && !reservation.grow(n)) {
                refused = true;
                throw new IOException("over limits.json-bytes-in-flight");
            }
        }
    }

    private static ErrorResponse tooLarge(long max, String kind, String key) {
        return ErrorResponse.of("The request body is larger than the " + max + " bytes this bridge accepts for a "
                + kind + " request (" + key + ").", "invalid_request_error", null, "request_too_large");
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static boolean isMultipart(MediaType type) {
        return type != null && "multipart".equalsIgnoreCase(type.getType());
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
