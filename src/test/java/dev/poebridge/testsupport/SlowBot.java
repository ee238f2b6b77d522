package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/**
 * A bot that pings for as long as the bridge keeps its connection open, and tells the test when the query arrived and
 * when the bridge closed the connection: the Poe end of a cancellation, as the stand-ins that script Poe observe it.
 */
final class SlowBot {

    private final int pings;
    private volatile CountDownLatch opened = new CountDownLatch(1);
    private volatile CountDownLatch closed = new CountDownLatch(1);

    /** Pings every 100 ms, at most {@code pings} times. */
    SlowBot(int pings) {
        this.pings = pings;
    }

    void reset() {
        opened = new CountDownLatch(1);
        closed = new CountDownLatch(1);
    }

    boolean awaitOpened(long seconds) throws InterruptedException {
        return opened.await(seconds, TimeUnit.SECONDS);
    }

    boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    void serve(HttpExchange exchange) throws IOException {
        CountDownLatch closedNow = closed;
        opened.countDown();
        try (OutputStream out = ScriptedStandIn.startStream(exchange)) {
            for (int i = 0; i < pings; i++) {
                ScriptedStandIn.write(out, "event: ping\ndata: {}\n\n");
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            closedNow.countDown(); // a write failed: the bridge closed the connection
        }
    }
}
