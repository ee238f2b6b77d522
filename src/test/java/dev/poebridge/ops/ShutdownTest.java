package dev.poebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The shutdown hook of {@link ActiveStreams}: the JVM exits only when it returns, so it must return as soon as the
 * application has stopped (which Quarkus does once the last request has ended), whatever its count of streams says,
 * and end the streams still open just before the grace period runs out.
 */
class ShutdownTest {

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
