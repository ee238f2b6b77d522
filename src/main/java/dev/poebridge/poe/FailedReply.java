package dev.poebridge.poe;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * A bot query's reply that is not a 2xx event stream: its (bounded) body is read to the end, and its status and body
 * decide the failure.
 */
final class FailedReply {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private FailedReply() {
    }

    /**
     * Reads the reply and hands its failure to {@code failed} when it has ended; {@code onActivity} is told of every
     * chunk, so the idle deadline still applies.
     */
    static void read(HttpClientResponse response, boolean sse, BotName bot, KeyScrubber keys, ObjectMapper mapper,
            Runnable onActivity, Consumer<PoeException> failed) {
        Buffer collected = Buffer.buffer();
        response.handler(chunk -> {
            onActivity.run();
            if (collected.length() < MAX_ERROR_BODY) {
                collected.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_ERROR_BODY - collected.length()));
            }
        });
        response.endHandler(v -> {
            String text = collected.toString();
            if (sse) {
                text = errorEventData(text);
            }
            // No key may travel further, not even inside an echo of the request in Poe's error text; scrubbed before
            // the text is classified and clipped, as clipping could cut a key in two.
            failed.accept(PoeFailures.rejected(bot, response.statusCode(), response.getHeader("Content-Type"),
                    keys.scrub(text), RetryAfter.parse(response.getHeader("Retry-After"),
                            response.getHeader("x-ratelimit-reset-requests")),
                    mapper));
        });
    }

    /** Poe may put its error as an SSE error event on a failure status; use that event's data if present. */
    static String errorEventData(String sseBody) {
        StringBuilder found = new StringBuilder();
        SseFrameParser errorParser = new SseFrameParser();
        Consumer<SseFrameParser.Frame> sink = frame -> {
            if ("error".equals(frame.event()) && found.isEmpty()) {
                found.append(frame.data());
            }
        };
        try {
            errorParser.feed(sseBody.getBytes(StandardCharsets.UTF_8), sink);
            errorParser.end(sink);
        } catch (RuntimeException e) {
            return sseBody;
        }
        return found.isEmpty() ? sseBody : found.toString();
    }
}
