package dev.poebridge.answer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.vertx.core.buffer.Buffer;

/**
 * The frame of one content delta of a streamed answer, made without serialising a chunk object per event: the chunk
 * around the content (id, created, model, choice, delta) is the same for every delta of an answer, so it is written
 * once, and each delta only has its text escaped and put in between. A stream of many small events then costs little
 * more than copying their text.
 */
final class DeltaFrame {

    /** Stands for the content while the chunk's JSON is made; random, so no caller-given field can contain it. */
    private static final String MARK = "delta-" + UUID.randomUUID();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final AnswerStream.Shape shape;
    private final byte[] before;
    private final byte[] after;

    private DeltaFrame(AnswerStream.Shape shape, byte[] before, byte[] after) {
        this.shape = shape;
        this.before = before;
        this.after = after;
    }

    /** The frames of {@code shape}'s deltas; the whole chunk is serialised per delta if the template cannot be cut. */
    static DeltaFrame of(AnswerStream.Shape shape) {
        String template = shape.content(MARK).toString(StandardCharsets.UTF_8);
        int at = template.indexOf(MARK);
        if (at < 0 || template.indexOf(MARK, at + 1) >= 0) {
            return new DeltaFrame(shape, null, null);
        }
        // The template is a whole frame: "data: " + JSON + "\n\n"; keep the JSON around the mark
        byte[] before = template.substring(DATA.length, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = template.substring(at + MARK.length(), template.length() - END.length)
                .getBytes(StandardCharsets.UTF_8);
        return new DeltaFrame(shape, before, after);
    }

    /** What {@link #frames} returns for no deltas: nothing to write. */
    static final Buffer NONE = Buffer.buffer(0);

    /** The frames of these deltas in one buffer, in order; {@link #NONE} when there are none. */
    Buffer frames(List<String> deltas) {
        return switch (deltas.size()) {
            case 0 -> NONE;
            case 1 -> frame(deltas.get(0));
            default -> {
                Buffer all = Buffer.buffer();
                deltas.forEach(delta -> all.appendBuffer(frame(delta)));
                yield all;
            }
        };
    }

    Buffer frame(String delta) {
        if (before == null) {
            return shape.content(delta);
        }
        byte[] text;
        try {
            text = JsonStringEncoder.getInstance().quoteAsUTF8(delta);
        } catch (IllegalArgumentException brokenSurrogates) {
            return shape.content(delta); // text a bot can send, but the encoder refuses: serialise it as before
        }
        return Buffer.buffer(DATA.length + before.length + text.length + after.length + END.length)
                .appendBytes(DATA).appendBytes(before).appendBytes(text).appendBytes(after).appendBytes(END);
    }
}
