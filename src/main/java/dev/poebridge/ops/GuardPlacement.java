package dev.poebridge.ops;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/**
 * Where {@link RequestHeadGuard}'s two handlers go in a connection's Netty pipeline, which Vert.x builds in steps: the
 * arrival handler before the HTTP decoder (or last, while there is none yet), and {@link RequestCheck} before Vert.x's
 * request handler once the connection is known to speak HTTP/1.x.
 */
final class GuardPlacement {

    static final String ARRIVAL = "bridgeHeadArrival";
    static final String CHECK = "bridgeRequestCheck";
    // the names Vert.x gives its HTTP/1.x decoder, its connection handler, and the handler that stands in for the
    // latter until the first request shows whether the client upgrades to HTTP/2 (h2c)
    private static final String DECODER = "httpDecoder";
    private static final String VERTX = "handler";
    private static final String H2C_UPGRADE = "h2c";

    /** What a connection speaks, as far as its pipeline shows yet. */
    enum Protocol {
        /** Vert.x has not set the connection up yet. */
        UNKNOWN,
        /** HTTP/1.x, with the check in place. */
        HTTP1,
        /** HTTP/2, a WebSocket or plain TCP: not for the guard. */
        OTHER
    }

    private final ChannelPipeline pipeline;
    private final ChannelHandler check;
    private boolean checkInstalled;

    /** Puts {@code arrival} in place at once; {@code check} waits for {@link #placeCheck}. */
    GuardPlacement(Channel channel, ChannelHandler arrival, ChannelHandler check) {
        this.pipeline = channel.pipeline();
        this.check = check;
        if (pipeline.get(DECODER) != null) {
            pipeline.addBefore(DECODER, ARRIVAL, arrival);
        } else {
            // not set up yet (TLS handshake, PROXY protocol, or h2c detection, which adds the codec after us)
            pipeline.addLast(ARRIVAL, arrival);
        }
    }

    /** What the connection speaks now; on HTTP/1.x the check is put in place, the first time. */
    Protocol placeCheck() {
        if (checkInstalled) {
            // without the decoder, the connection has been upgraded to HTTP/2 or a WebSocket
            return pipeline.get(DECODER) == null ? Protocol.OTHER : Protocol.HTTP1;
        }
        String requestHandler = pipeline.get(H2C_UPGRADE) != null ? H2C_UPGRADE
                : pipeline.get(VERTX) != null ? VERTX
                : null;
        if (requestHandler == null) {
            return Protocol.UNKNOWN;
        }
        if (pipeline.get(DECODER) == null) { // HTTP/2, or a plain TCP server
            return Protocol.OTHER;
        }
        pipeline.addBefore(requestHandler, CHECK, check);
        checkInstalled = true;
        return Protocol.HTTP1;
    }

    boolean checkInstalled() {
        return checkInstalled;
    }

    /** Takes both handlers out again. */
    void removeAll() {
        if (pipeline.get(ARRIVAL) != null) {
            pipeline.remove(ARRIVAL);
        }
        if (pipeline.get(CHECK) != null) {
            pipeline.remove(CHECK);
        }
    }
}
