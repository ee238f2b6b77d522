package dev.poebridge.ops;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.poebridge.error.HttpLayerErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Watches one HTTP/1.1 connection from below Vert.x, for the two things Vert.x does not let an application handle:
 * <ul>
 * <li>a request head (request line and headers) that does not arrive within the header read timeout: a client that
 * sends nothing, or one header byte now and then (slowloris), would otherwise hold its connection for
 * {@code quarkus.http.idle-timeout}, 30 minutes by default. The clock starts when the connection opens, and on a
 * kept-alive connection when the first byte of the next request arrives (an idle kept-alive connection is left to the
 * idle timeout). The connection is then closed, after a 408 if part of a head had arrived.</li>
 * <li>a request that Netty's decoder refuses (a request line over {@code quarkus.http.limits.max-initial-line-length},
 * headers over {@code max-header-size}, a line that is not HTTP) or whose URI Quarkus would refuse: Vert.x answers
 * those itself with an empty body, so they are answered here, with the same status and an OpenAI error body. Likewise
 * the empty 413 that Quarkus sends when a body without {@code Content-Length} outgrows
 * {@code quarkus.http.limits.max-body-size} gets an OpenAI error body on its way out.</li>
 * </ul>
 * It also puts a failed write's news in the order Quarkus needs (see {@link Check#write}).
 * <p>
 * Two handlers share this state, both on the connection's event loop: {@link Arrival} before the HTTP decoder sees
 * bytes arrive; {@link Check} between the HTTP codec and Vert.x sees decoded requests and finished responses.
 * Connections that turn out to speak HTTP/2 (prior knowledge, ALPN, an upgrade) are left alone.
 */
final class RequestHeadGuard {

    private static final Logger LOG = Logger.getLogger(RequestHeadGuard.class);

    static final String ARRIVAL = "bridgeHeadArrival";
    static final String CHECK = "bridgeRequestCheck";
    // the names Vert.x gives its HTTP/1.x decoder, its connection handler, and the handler that stands in for the
    // latter until the first request shows whether the client upgrades to HTTP/2 (h2c)
    private static final String DECODER = "httpDecoder";
    private static final String VERTX = "handler";
    private static final String H2C_UPGRADE = "h2c";

    private enum Phase {
        /** A request head is awaited and the clock runs. */
        HEAD,
        /** The head has arrived; the body is being read. */
        BODY,
        /** The last request ended; the next one has not started. */
        BETWEEN
    }

    private final Channel channel;
    private final long timeoutNanos;
    private final Arrival arrival = new Arrival();
    private final Check check = new Check();
    private Phase phase = Phase.HEAD;
    private boolean headBytesSeen;
    private boolean checkInstalled;
    private boolean gone;
    private int responsesPending;
    /** For each request not yet answered, oldest first: whether it is a HEAD request (whose answer has no body). */
    private final ArrayDeque<Boolean> pendingHeads = new ArrayDeque<>();
    private ScheduledFuture<?> deadline;

    private RequestHeadGuard(Channel channel, long timeoutNanos) {
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Joins a new connection's pipeline, once Vert.x has set it up as far as it can before the first bytes. The
     * timeout may be zero: then only malformed requests are answered.
     */
    static void install(Channel channel, long timeoutNanos) {
        RequestHeadGuard guard = new RequestHeadGuard(channel, timeoutNanos);
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(DECODER) != null) {
            pipeline.addBefore(DECODER, ARRIVAL, guard.arrival);
        } else {
            // not set up yet (TLS handshake, PROXY protocol, or h2c detection, which adds the codec after us)
            pipeline.addLast(ARRIVAL, guard.arrival);
        }
        guard.installCheckIfReady();
        guard.arm();
    }

    /** True once the connection is known to be HTTP/1.x, with {@link Check} in place. */
    private boolean installCheckIfReady() {
        ChannelPipeline pipeline = channel.pipeline();
        if (checkInstalled) {
            if (pipeline.get(DECODER) == null) { // upgraded to HTTP/2 or a WebSocket
                leave();
                return false;
            }
            return true;
        }
        String requestHandler = pipeline.get(H2C_UPGRADE) != null ? H2C_UPGRADE
                : pipeline.get(VERTX) != null ? VERTX
                : null;
        if (requestHandler == null) {
            return false;
        }
        if (pipeline.get(DECODER) == null) { // HTTP/2, or a plain TCP server
            leave();
            return false;
        }
        pipeline.addBefore(requestHandler, CHECK, check);
        checkInstalled = true;
        return true;
    }

    private void leave() {
        gone = true;
        disarm();
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(ARRIVAL) != null) {
            pipeline.remove(ARRIVAL);
        }
        if (pipeline.get(CHECK) != null) {
            pipeline.remove(CHECK);
        }
    }

    private void arm() {
        if (timeoutNanos > 0 && deadline == null && !gone) {
            deadline = channel.eventLoop().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire() {
        deadline = null;
        if (phase != Phase.HEAD || !channel.isActive()) {
            return;
        }
        if (responsesPending > 0) {
            // a pipelined head is late, but the response before it is still being written: let it finish first
            arm();
            return;
        }
        LOG.debugf("Closing a connection from %s: no complete request head within the header read timeout",
                channel.remoteAddress());
        if (headBytesSeen && checkInstalled) {
            check.respond(HttpResponseStatus.REQUEST_TIMEOUT, HttpLayerErrors.headersTimedOut());
        } else {
            channel.close();
        }
    }

    /** Sees raw bytes arrive: the first byte of a request on a kept-alive connection starts its clock. */
    private final class Arrival extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean http1 = installCheckIfReady();
            if (phase == Phase.BETWEEN) {
                phase = Phase.HEAD;
                headBytesSeen = true;
                if (http1) {
                    arm();
                }
            } else if (phase == Phase.HEAD) {
                headBytesSeen = true;
            }
            ctx.fireChannelRead(msg);
            if (!http1 && installCheckIfReady()) {
                // Vert.x set the HTTP codec up while these bytes went through (after a PROXY protocol header): a
                // request may have gone by unseen, so this one is not timed
                disarm();
                phase = Phase.BODY;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }
    }

    /** Sees decoded requests on their way to Vert.x, and responses on their way out. */
    private final class Check extends ChannelDuplexHandler {

        private ChannelHandlerContext ctx;
        private boolean rejected;
        private boolean inactive;
        private final List<Runnable> failedWhileOpen = new ArrayList<>();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (rejected) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                byte[] refusal = responsesPending == 0 ? refusal(request) : null;
                if (refusal != null) {
                    // Vert.x would answer this itself, with an empty body; a pipelined one (responsesPending > 0) is
                    // still left to it, since this answer would cut into the response before it
                    ReferenceCountUtil.release(msg);
                    respond(status(request.decoderResult()), refusal);
                    return;
                }
                disarm();
                phase = Phase.BODY;
                headBytesSeen = false;
                responsesPending++;
                pendingHeads.add(HttpMethod.HEAD.equals(request.method()));
            }
            if (msg instanceof LastHttpContent) {
                phase = Phase.BETWEEN;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            Object out = msg;
            if (msg instanceof FullHttpResponse response && isBareTooLarge(response)) {
                // Quarkus' own answer to a body without Content-Length that outgrows quarkus.http.limits.max-body-size
                out = withBody(response, HttpLayerErrors.requestTooLarge());
            }
            if (msg instanceof LastHttpContent && responsesPending > 0) {
                responsesPending--;
                pendingHeads.poll();
            }
            if (promise.isVoid()) {
                ctx.write(out, promise);
                return;
            }
            ChannelPromise written = ctx.newPromise();
            written.addListener(done -> {
                if (done.isSuccess()) {
                    promise.trySuccess();
                } else if (inactive) {
                    promise.tryFailure(done.cause());
                } else {
                    // The socket failed under a write (the client reset the connection mid-stream). Vert.x must learn
                    // of the close before it learns of the failed write: told the other way round, Quarkus REST
                    // resets the response first, Vert.x then skips the response's close handler, and Quarkus' count
                    // of running requests never comes down again, so the next SIGTERM waits the whole
                    // quarkus.shutdown.timeout. So the failure is held back until the close has gone through.
                    failedWhileOpen.add(() -> promise.tryFailure(done.cause()));
                    ctx.close();
                }
            });
            ctx.write(out, written);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            ctx.fireChannelInactive();
            List<Runnable> failures = List.copyOf(failedWhileOpen);
            failedWhileOpen.clear();
            failures.forEach(Runnable::run);
        }

        private boolean isBareTooLarge(FullHttpResponse response) {
            return response.status().code() == 413 && !response.content().isReadable()
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                    && !Boolean.TRUE.equals(pendingHeads.peek());
        }

        private static FullHttpResponse withBody(FullHttpResponse bare, byte[] body) {
            FullHttpResponse response = new DefaultFullHttpResponse(bare.protocolVersion(), bare.status(),
                    Unpooled.wrappedBuffer(body), bare.headers().copy(), bare.trailingHeaders().copy());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            bare.release();
            return response;
        }

        /** Answers with an OpenAI error and closes: what follows on this connection cannot be trusted. */
        void respond(HttpResponseStatus status, byte[] body) {
            rejected = true;
            disarm();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The error body for a request Vert.x would refuse, or null for one it takes. */
    private static byte[] refusal(HttpRequest request) {
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
    private static HttpResponseStatus status(DecoderResult result) {
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
}
