package dev.poebridge.poe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental server-sent-events framing (WHATWG rules): bytes in, {@code (event, data)} frames out. Works on bytes
 * and splits lines at LF, CR or CRLF, so multi-byte UTF-8 characters and line endings may be cut anywhere between
 * network chunks. Comments ({@code :...}), {@code id} and {@code retry} lines are dropped, as are frames with neither
 * an event name nor data (keep-alives).
 */
final class SseFrameParser {

    record Frame(String event, String data) {
    }

    /** Upper bound on one frame, so a broken upstream cannot make the bridge buffer without end. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;
    private boolean lastWasCr;
    private int frameBytes;

    /** Feeds the next chunk of the body; complete frames go to {@code sink}. */
    void feed(byte[] chunk, Consumer<Frame> sink) {
        for (byte b : chunk) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false; // the LF of a CRLF pair: the line already ended at the CR
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(sink);
            } else {
                line.write(b);
                if (++frameBytes > MAX_FRAME_BYTES) {
                    throw new IllegalStateException("an event is larger than " + MAX_FRAME_BYTES + " bytes");
                }
            }
        }
    }

    /**
     * The body ended. A last frame that lacks its closing blank line is still delivered: losing a final
     * {@code done} to a missing newline would turn a good reply into a truncated one.
     */
    void end(Consumer<Frame> sink) {
        if (line.size() > 0) {
            endLine(sink);
        }
        dispatch(sink);
    }

    private void endLine(Consumer<Frame> sink) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch(sink);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id, retry and unknown fields carry nothing Poe uses
            }
        }
    }

    private void dispatch(Consumer<Frame> sink) {
        if (event != null || hasData) {
            Frame frame = new Frame(event == null ? "message" : event, data.toString());
            event = null;
            hasData = false;
            data.setLength(0);
            frameBytes = 0;
            sink.accept(frame);
        }
        frameBytes = 0;
    }
}
