package dev.poebridge.ops;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.poebridge.error.HttpLayerErrors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Watches one HTTP/1.1 connection from below Vert.x, for the two things Vert.x does not let an application handle:
 * <ul>
 * <li>a request head (request line and headers) that does not arrive within the header read timeout: a client that
 * sends nothing, or one header byte now and then (slowloris), would otherwise hold its connection for
 * {@code quarkus.http.idle-timeout}, 30 minutes by default. The clock starts when the connection opens, and on a
 * kept-alive connection when the first byte of the next request arrives (an idle kept-alive connection is left to the
 * idle timeout). The connection is then closed, after a 408 if part of a head had arrived. This class keeps that
 * clock.</li>
 * <li>a request that Netty's decoder or Quarkus would refuse with an empty body, and the empty 413 Quarkus sends
 * itself: {@link RequestCheck} answers those with an OpenAI error body ({@link HttpRefusals}).</li>
 * </ul>
 * <p>
 * Two handlers share this state, both on the connection's event loop: {@link Arrival} before the HTTP decoder sees
 * bytes arrive; {@link RequestCheck} between the HTTP codec and Vert.x sees decoded requests and finished responses.
 * Connections that turn out to speak HTTP/2 (prior knowledge, ALPN, an upgrade) are left alone.
 */
final class RequestHeadGuard {

    private static final Logger LOG = Logger.getLogger(RequestHeadGuard.class);

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
    private final RequestCheck check = new RequestCheck(this);
    private Phase phase = Phase.HEAD;
    private boolean headBytesSeen;
    private GuardPlacement placement;
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
        guard.placement = new GuardPlacement(channel, guard.arrival, guard.check);
        guard.installCheckIfReady();
        guard.arm();
    }

    /** True once the connection is known to be HTTP/1.x, with {@link RequestCheck} in place. */
    private boolean installCheckIfReady() {
        return switch (placement.placeCheck()) {
            case HTTP1 -> true;
            case OTHER -> {
                leave();
                yield false;
            }
            case UNKNOWN -> false;
        };
    }

    private void leave() {
        gone = true;
        disarm();
        placement.removeAll();
    }

    private void arm() {
        if (timeoutNanos > 0 && deadline == null && !gone) {
            deadline = channel.eventLoop().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    void disarm() {
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
        if (headBytesSeen && placement.checkInstalled()) {
            check.respond(HttpResponseStatus.REQUEST_TIMEOUT, HttpLayerErrors.headersTimedOut());
        } else {
            channel.close();
        }
    }

    /** Requests read but not yet answered; a refusal written now would cut into the response before it. */
    int responsesPending() {
        return responsesPending;
    }

    /** Whether the oldest request not yet answered is a HEAD request, whose answer has no body. */
    boolean answeringHead() {
        return Boolean.TRUE.equals(pendingHeads.peek());
    }

    /** A request head has been decoded: its clock stops, and its answer is awaited. */
    void headArrived(boolean isHead) {
        disarm();
        phase = Phase.BODY;
        headBytesSeen = false;
        responsesPending++;
        pendingHeads.add(isHead);
    }

    /** The request's last byte has been read: the next request's clock starts with its first byte. */
    void requestEnded() {
        phase = Phase.BETWEEN;
    }

    /** A response has been written to its end. */
    void responseEnded() {
        if (responsesPending > 0) {
            responsesPending--;
            pendingHeads.poll();
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
}
