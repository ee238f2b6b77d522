package dev.poebridge.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.poebridge.ops.ActiveStreams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;

class HeartbeatsTest {

    @Test
    void aShutdownEndsAnOpenStreamWithItsErrorFrameAndReleasesItsPlace() throws Exception {
        ActiveStreams streams = new ActiveStreams(10, new SimpleMeterRegistry());
        ActiveStreams.Slot slot = streams.reserve();
        Buffer goodbye = Buffer.buffer("data: {\"error\": {}}\n\n");
        AssertSubscriber<Buffer> client = Heartbeats.around(Multi.createFrom().<Buffer> nothing(), Duration.ofHours(1),
                streams, slot, goodbye).subscribe().withSubscriber(AssertSubscriber.create(10));
        assertThat(streams.count()).isEqualTo(1);

        streams.closeAll();

        client.awaitCompletion();
        assertThat(client.getItems()).extracting(Buffer::toString).containsExactly(goodbye.toString());
        assertThat(streams.count()).isZero();
    }

    @Test
    void aQuietStreamGetsKeepAliveComments() {
        ActiveStreams streams = new ActiveStreams(10, new SimpleMeterRegistry());
        ActiveStreams.Slot slot = streams.reserve();
        AssertSubscriber<Buffer> client = Heartbeats.around(Multi.createFrom().<Buffer> nothing(), Duration.ofMillis(50),
                streams, slot, Buffer.buffer("x")).subscribe().withSubscriber(AssertSubscriber.create(10));
        client.awaitItems(2);
        assertThat(client.getItems()).extracting(Buffer::toString).allMatch(": keep-alive\n\n"::equals);
        client.cancel();
        assertThat(streams.count()).isZero();
    }
}
