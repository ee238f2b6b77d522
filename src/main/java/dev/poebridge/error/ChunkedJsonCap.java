package dev.poebridge.error;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.poebridge.error.CappedStream.BodyTooLarge;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON body that did not announce its length is counted as it is parsed, and parsing stops at the JSON cap: such a
 * body is never held whole. (The application's {@code ObjectMapper} has the same cap as a last line, see
 * {@code config.StrictJson}.) Its bytes count against the budget of JSON bytes in flight as they are read.
 */
@ApplicationScoped
@Provider
// Server bodies only. Poe's replies read by the REST clients have no server request to count against (a model list
// refreshed in the background has none at all); the ObjectMapper's cap bounds them.
@ConstrainedTo(RuntimeType.SERVER)
public class ChunkedJsonCap implements ReaderInterceptor {

    private final BodyLimits limits;
    private final JsonBytesInFlight inFlight;
    private final CurrentVertxRequest currentRequest;

    ChunkedJsonCap(BodyLimits limits, JsonBytesInFlight inFlight, CurrentVertxRequest currentRequest) {
        this.limits = limits;
        this.inFlight = inFlight;
        this.currentRequest = currentRequest;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getHeaders().getFirst("Content-Length") != null || isMultipart(context.getMediaType())) {
            return context.proceed();
        }
        JsonBytesInFlight.Reservation reservation = inFlight.of(currentRequest.getCurrent());
        CappedStream capped = new CappedStream(context.getInputStream(), limits.maxBytes(false), reservation);
        context.setInputStream(capped);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (capped.exceeded()) {
                throw new BodyTooLarge(); // Jackson wraps it into a failure of the field it was reading
            }
            if (capped.refused()) {
                throw inFlight.busy();
            }
            throw e;
        }
    }

    @ServerExceptionMapper
    public Response tooLarge(BodyTooLarge e, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        BodyLimits.whenDone(request, () -> limits.discardThenClose(request));
        return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE).header("Connection", "close")
                .entity(limits.jsonTooLarge()).build();
    }

    private static boolean isMultipart(MediaType type) {
        return type != null && "multipart".equalsIgnoreCase(type.getType());
    }
}
