package dev.poebridge.ops;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.transport.Transport;

/**
 * Puts a {@link RequestHeadGuard} on every connection that Quarkus' HTTP server accepts.
 * <p>
 * Quarkus 3.33 builds its Vert.x {@code HttpServer} itself and offers no hook on its connections: neither
 * {@code HttpServer.invalidRequestHandler} (so Vert.x answers a bad request line or oversize headers with an empty
 * body) nor {@code connectionHandler} (so nothing can time a request head). Both need the Netty pipeline of each new
 * connection. The one supported way in is Vert.x's own service-provider interface: Quarkus creates its Vert.x
 * instance with every {@link VertxServiceProvider} listed in {@code META-INF/services}, and a provider may replace the
 * {@link Transport}, which configures each server's bootstrap. This provider wraps the transport Vert.x chose, and
 * sets each accepted connection up as Vert.x would and then adds the guard. Everything else
 * (clients, event loops, socket options) goes to the transport unchanged.
 * <p>
 * Configured by {@value #TIMEOUT_KEY} (read when Vert.x starts).
 */
public class HttpConnectionGuard implements VertxServiceProvider {

    /**
     * How long a connection may take to deliver a complete request head (request line and headers), from when it
     * opens or, on a kept-alive connection, from the first byte of the next request; {@code 0} turns the timeout off.
     * Default {@value #DEFAULT_TIMEOUT}. Environment variable {@code HTTP_HEADER_READ_TIMEOUT}.
     */
    public static final String TIMEOUT_KEY = "http.header-read-timeout";
    public static final String DEFAULT_TIMEOUT = "20s";

    private static final Logger LOG = Logger.getLogger(HttpConnectionGuard.class);

    @Override
    public void init(VertxBuilder builder) {
        Duration timeout = ConfigProvider.getConfig().getOptionalValue(TIMEOUT_KEY, Duration.class)
                .orElse(Duration.parse("PT" + DEFAULT_TIMEOUT.toUpperCase()));
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(TIMEOUT_KEY + " must not be negative: " + timeout);
        }
        Transport chosen = builder.findTransport();
        builder.findTransport(chosen instanceof JDKTransport
                ? new Jdk(timeout.toNanos())
                : new Delegating(chosen, timeout.toNanos()));
        LOG.debugf("HTTP connections guarded; header read timeout %s", timeout);
    }

    /**
     * Sets a new connection up as Vert.x would, then adds the guard behind what Vert.x put in place. Vert.x hands every
     * TCP server's options over as plain {@code NetServerOptions}, so the guard itself tells HTTP/1.x connections
     * (those with Vert.x' HTTP decoder) from the others, and leaves the others alone.
     */
    static void guardConnections(ServerBootstrap bootstrap, long timeoutNanos) {
        ChannelHandler vertx = bootstrap.config().childHandler();
        bootstrap.childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(vertx); // an initializer too: it runs now, and leaves the pipeline
                if (channel.isOpen()) {
                    RequestHeadGuard.install(channel, timeoutNanos);
                }
            }
        });
    }

    /**
     * Vert.x's JDK (NIO) transport, guarded. A subclass rather than a wrapper, because Vert.x tells the JDK transport
     * from native ones by its type ({@code Vertx.isNativeTransportEnabled()}).
     */
    static final class Jdk extends JDKTransport {

        private final long timeoutNanos;

        Jdk(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
            super.configure(options, domainSocket, bootstrap);
            guardConnections(bootstrap, timeoutNanos);
        }
    }

    /** A native transport (epoll, kqueue, io_uring), guarded. */
    static final class Delegating implements Transport {

        private final Transport delegate;
        private final long timeoutNanos;

        Delegating(Transport delegate, long timeoutNanos) {
            this.delegate = delegate;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
            guardConnections(bootstrap, timeoutNanos);
        }

        @Override
        public boolean supportsDomainSockets() {
            return delegate.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return delegate.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int nThreads, java.util.concurrent.ThreadFactory threadFactory,
                int ioRatio) {
            return delegate.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        }

        @Override
        public DatagramChannel datagramChannel() {
            return delegate.datagramChannel();
        }

        @Override
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return delegate.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return delegate.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return delegate.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            delegate.configure(channel, options);
        }

        @Override
        public void configure(ClientOptionsBase options, boolean domainSocket, io.netty.bootstrap.Bootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
        }
    }
}
