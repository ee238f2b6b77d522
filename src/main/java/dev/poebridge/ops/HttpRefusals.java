package dev.poebridge.ops;

import java.net.URI;
import java.net.URISyntaxException;

import dev.poebridge.error.HttpLayerErrors;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The OpenAI-shaped answers {@link RequestCheck} writes in place of the empty ones Vert.x and Quarkus give at the
 * connection level: which requests Vert.x would refuse, with which status, and the responses that carry the body.
 */
final class HttpRefusals {

    private HttpRefusals() {
    }

    /** The error body for a request Vert.x would refuse, or null for one it takes. */
    static byte[] refusal(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            return switch (status(result).code()) {
                case 414 -> HttpLayerErrors.uriTooLong();
                case 431 -> HttpLayerErrors.headersTooLarge();
                default -> HttpLayerErrors.malformedRequest();
            };
        }
        if (!"true".equals(System.getProperty("vertx.disableURIValidation"))) {
            try {
                new URI(request.uri()); // what Quarkus checks first, answering a plain 400 when it fails
            } catch (URISyntaxException e) {
                return HttpLayerErrors.invalidUri();
            }
        }
        return null;
    }

    /** The status Vert.x gives each decoding failure (HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER). */
    static HttpResponseStatus status(DecoderResult result) {
        if (result.isSuccess()) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /**
     * Quarkus' own answer to a body without Content-Length that outgrows quarkus.http.limits.max-body-size: a 413
     * without a body (unless it answers a HEAD request, whose answer never has one).
     */
    static boolean isBareTooLarge(FullHttpResponse response, boolean answersHead) {
        return response.status().code() == 413 && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                && !answersHead;
    }

    /** {@code bare} with {@code body} as its JSON body; {@code bare} is released. */
    static FullHttpResponse withBody(FullHttpResponse bare, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(bare.protocolVersion(), bare.status(),
                Unpooled.wrappedBuffer(body), bare.headers().copy(), bare.trailingHeaders().copy());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        bare.release();
        return response;
    }

    /** A JSON error response that says the connection closes after it. */
    static FullHttpResponse closing(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
