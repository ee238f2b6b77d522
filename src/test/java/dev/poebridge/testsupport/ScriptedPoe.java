package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

/**
 * A Poe stand-in for what WireMock cannot show: when the bridge's connection to Poe closes, and how many queries are
 * in flight at once. Each bot answers by its own script:
 * <ul>
 * <li>{@code Silent-Bot}: sends {@code meta}, then nothing.</li>
 * <li>{@code Slow-Bot}: sends a {@code ping} every 100 ms for as long as the connection stays open, and records when
 * it opens and closes.</li>
 * <li>{@code Once-Failing-Bot}: fails the first query it gets with a non-retryable error event, draws an image
 * for every other one (whatever order concurrent queries arrive in).</li>
 * <li>{@code Gather-Bot}: holds each query until {@link #expectConcurrent(int)} queries have arrived, then draws an
 * image; if they never all arrive (the bridge ran them one after another), it fails with a non-retryable error.</li>
 * </ul>
 */
public class ScriptedPoe extends ScriptedStandIn {

    private static volatile ScriptedPoe instance;

    private volatile CountDownLatch gathered = new CountDownLatch(1);
    private final AtomicInteger onceFailingQueries = new AtomicInteger();

    public ScriptedPoe() {
        super(600);
    }

    public static ScriptedPoe instance() {
        return instance;
    }

    @Override
    public Map<String, String> start() {
        String baseUrl = serve(Map.of(
                "/bot/Silent-Bot", this::silent,
                "/bot/Slow-Bot", this::slow,
                "/bot/Gather-Bot", this::gather,
                "/bot/Once-Failing-Bot", this::onceFailing));
        instance = this;
        return Map.of("poe.base-url", baseUrl);
    }

    public void expectConcurrent(int queries) {
        gathered = new CountDownLatch(queries);
    }

    private void silent(HttpExchange exchange) throws IOException {
        try (OutputStream out = startStream(exchange)) {
            write(out, "event: meta\ndata: {\"content_type\": \"text/markdown\"}\n\n");
            Thread.sleep(30_000);
        } catch (InterruptedException | IOException e) {
            // the bridge gave up on us, as it should
        }
    }

    public void resetOnceFailingBot() {
        onceFailingQueries.set(0);
    }

    private void onceFailing(HttpExchange exchange) throws IOException {
        boolean first = onceFailingQueries.getAndIncrement() == 0;
        try (OutputStream out = startStream(exchange)) {
            if (first) {
                write(out, "event: error\ndata: {\"allow_retry\": false, \"text\": \"The bot crashed\"}\n\n");
            } else {
                drawImage(out);
            }
        }
    }

    private void gather(HttpExchange exchange) throws IOException {
        CountDownLatch latch = gathered;
        latch.countDown();
        boolean together;
        try {
            together = latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            together = false;
        }
        try (OutputStream out = startStream(exchange)) {
            if (together) {
                drawImage(out);
            } else {
                write(out, "event: error\ndata: {\"allow_retry\": false, \"text\": \"queries did not run concurrently\"}\n\n");
            }
        }
    }

    private void drawImage(OutputStream out) throws IOException {
        write(out, "event: file\ndata: {\"url\": \"" + baseUrl() + "/files/cat.png\", \"content_type\": \"image/png\", \"name\": \"cat.png\"}\n\n");
        write(out, "event: done\ndata: {}\n\n");
    }
}
