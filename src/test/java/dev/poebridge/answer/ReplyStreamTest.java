package dev.poebridge.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.error.ApiException;
import dev.poebridge.error.PoeException;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.ops.ActiveStreams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;

/** The owner of a streamed reply: a place reserved first, the status settled by the first event, the place given back once. */
class ReplyStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ActiveStreams streams = new ActiveStreams(1, new SimpleMeterRegistry());
    private final ReplyStream owner = new ReplyStream(Duration.ofSeconds(30), Duration.ofHours(1), streams,
            new ObjectMapper());
    private final AtomicBoolean poeCallClosed = new AtomicBoolean();

    /** A Poe call that sends its first event, then stays open until it is cancelled. */
    private Multi<String> openPoeCall() {
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item("first"), Multi.createFrom().<String> nothing())
                .onCancellation().invoke(() -> poeCallClosed.set(true));
    }

    private static Multi<Buffer> frames(Multi<String> events) {
        return events.map(Buffer::buffer);
    }

    @Test
    void aClientWhoLeavesBeforeTheBodyIsSubscribedClosesThePoeCallAndFreesItsPlace() {
        ResponseHold request = new ResponseHold();
        HttpReply reply = owner.open(openPoeCall(), ReplyStreamTest::frames, request).await().atMost(WAIT);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(streams.count()).isEqualTo(1);

        request.release(); // the request is done, and nobody ever subscribed to the body

        assertThat(poeCallClosed).as("the Poe call was closed").isTrue();
        assertThat(streams.count()).isZero();
    }

    @Test
    void aClientWhoLeavesMidStreamClosesThePoeCallAndFreesItsPlaceOnce() {
        ResponseHold request = new ResponseHold();
        HttpReply reply = owner.open(openPoeCall(), ReplyStreamTest::frames, request).await().atMost(WAIT);
        AssertSubscriber<Buffer> client = reply.body().subscribe().withSubscriber(AssertSubscriber.create(10));
        client.awaitItems(1);

        client.cancel();
        request.release();

        assertThat(poeCallClosed).isTrue();
        assertThat(streams.count()).isZero();
        assertThat(streams.reserve()).as("exactly one place was given back, and it can be taken again").isNotNull();
    }

    @Test
    void aFailureBeforeTheFirstEventFailsTheReplyAndFreesItsPlace() {
        PoeException unknownBot = new PoeException(PoeException.Kind.USER_ERROR, "No-Such-Bot", false,
                "Poe has no bot named 'No-Such-Bot'.");

        assertThatThrownBy(() -> owner.open(Multi.createFrom().<String> failure(unknownBot), ReplyStreamTest::frames,
                new ResponseHold()).await().atMost(WAIT)).isSameAs(unknownBot);
        assertThat(streams.count()).isZero();
    }

    @Test
    void aBridgeServingItsMaximumOfStreamsRefusesAnotherAtOnce() {
        owner.open(openPoeCall(), ReplyStreamTest::frames, new ResponseHold()).await().atMost(WAIT);

        assertThatThrownBy(() -> owner.open(openPoeCall(), ReplyStreamTest::frames, new ResponseHold()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
