package dev.poebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Shutdown ends as soon as the last request does. Quarkus waits for its count of running requests to reach zero, so
 * that count must come down for a client that resets its connection mid-stream; and the JVM exits only when the
 * shutdown hook of {@link ActiveStreams} returns, so that hook must return as soon as the application has stopped,
 * whatever its count of streams says, and end the streams still open just before the grace period runs out.
 */
class ShutdownTest {

    /**
     * Quarkus counts a request as running until Vert.x calls its response's close (or end) handler; Vert.x skips that
     * handler when the response was reset first, which Quarkus REST does as soon as a write fails. So a failed write
     * must reach Vert.x after the close of the connection, not before.
     */
    @Test
    void aWriteThatFailsOnAnOpenConnectionIsReportedToVertxAfterTheConnectionHasClosed() {
        List<String> seenByVertx = new ArrayList<>();
        ChannelHandlerContext[] vertx = new ChannelHandlerContext[1];
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast("resetByPeer", new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        ReferenceCountUtil.release(msg);
                        promise.setFailure(new IOException("Connection reset by peer"));
                    }
                })
                .addLast("httpDecoder", new HttpRequestDecoder())
                .addLast("httpEncoder", new HttpResponseEncoder())
                .addLast("handler", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        vertx[0] = ctx;
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        seenByVertx.add("connection closed");
                    }
                });
        RequestHeadGuard.install(channel, 0);

        vertx[0].writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("data: {}\n\n", StandardCharsets.UTF_8)))
                .addListener(write -> seenByVertx.add(write.isSuccess() ? "write succeeded" : "write failed"));
        channel.runPendingTasks();

        assertThat(seenByVertx).containsExactly("connection closed", "write failed");
    }

    @Test
    void theHookReturnsAsSoonAsTheApplicationHasStoppedEvenWithAPlaceStillReserved() throws InterruptedException {
        ActiveStreams streams = new ActiveStreams(10, new SimpleMeterRegistry(), Duration.ofSeconds(30));
        streams.reserve(); // a place whose stream never started, so was never released
        Thread hook = new Thread(streams::closeBeforeGraceEnds);
        hook.start();

        streams.onShutdown(null);

        hook.join(TimeUnit.SECONDS.toMillis(5)); // far less than the 30 s grace
        assertThat(hook.isAlive()).as("the hook still waits after the application stopped").isFalse();
    }

    @Test
    void streamsStillOpenJustBeforeTheGraceEndsAreClosedWithTheirErrorChunk() throws InterruptedException {
        ActiveStreams streams = new ActiveStreams(10, new SimpleMeterRegistry(), Duration.ofMillis(300));
        CountDownLatch closed = new CountDownLatch(1);
        streams.reserve();
        streams.register(closed::countDown);
        Thread hook = new Thread(streams::closeBeforeGraceEnds);
        hook.start();

        assertThat(closed.await(5, TimeUnit.SECONDS)).as("the open stream was closed").isTrue();
        hook.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(hook.isAlive()).isFalse();
    }
}
