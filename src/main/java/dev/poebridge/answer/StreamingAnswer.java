package dev.poebridge.answer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;

/**
 * Turns a bot's events into the content deltas of a stream, as they arrive. OpenAI deltas can only append, so two
 * Poe features need care:
 * <ul>
 * <li><b>{@code replace_response}</b>. When the replacement extends what the client already has, only the new suffix
 * is sent. When it does not, the replacement is held back: if the bot then appends text (a bot that replaced a status
 * line such as "Thinking..." with its answer), a blank line separates the old text from the replacement, which then
 * streams on; if the bot rewrites again instead (a diffusion model, say), every further version is held and the
 * final text is sent once at the end. Either way the client never receives the same text twice, and at most one
 * superseded draft stays in front of the answer.</li>
 * <li><b>Inline references</b> {@code ![title][ref]} to files: text from a reference on is held back until the file
 * it names arrives, then sent with the file's URL; a reference that never resolves (or an {@code ![} that never
 * becomes one) is sent as written at the end, or once more than {@value #MAX_HELD} characters wait behind it.</li>
 * </ul>
 * Files are sent the moment they arrive, as a markdown link on a line of their own.
 * <p>
 * What it holds (the text the client has, to compare with replacements, and the text held back) is bounded by an
 * {@link AnswerLimit}. A long answer that only appends streams on: once the text the client has passes the limit it
 * is forgotten, and only a replacement after that, which could no longer be compared, fails. Text held back past the
 * limit fails at once. A failure reaches the client in-band, as the stream's last event.
 */
public final class StreamingAnswer {

    static final int MAX_HELD = 4000;

    /** What may still become an inline reference, anchored at {@code ![}. */
    private static final Pattern PARTIAL_REF = Pattern.compile("!\\[[^\\]\\n]*(?:](?:\\[[^\\]\\n]*)?)?");

    /** Streaming text; holding a replacement to see what the bot does next; holding everything until the end. */
    private enum Mode { STREAMING, HOLDING_REPLACEMENT, HOLDING_TO_END }

    private final Map<String, PoeEvent.File> byRef = new HashMap<>();
    private final AnswerLimit limit;
    private final StringBuilder sentText = new StringBuilder(); // the bot's text the client has, since the last base
    private final StringBuilder pending = new StringBuilder(); // text held back at a possible inline reference
    private final StringBuilder held = new StringBuilder(); // the bot's whole current text, while holding
    private long visibleChars; // of every text delta sent, for usage
    private boolean sentTextForgotten; // sentText grew past the limit and was dropped
    private Mode mode = Mode.STREAMING;
    private boolean diverged;
    private boolean atLineStart = true;

    public StreamingAnswer(AnswerLimit limit) {
        this.limit = limit;
    }

    /** The deltas to send now for this event, in order; often none. Throws the limit's failure past it. */
    public List<String> accept(PoeEvent event) {
        List<String> out = new ArrayList<>(2);
        switch (event) {
            case PoeEvent.Text t -> text(t.text(), out);
            case PoeEvent.Replace r -> replace(r.text(), out);
            case PoeEvent.File f -> file(f, out);
            default -> {
                // meta, json, suggested replies are not content
            }
        }
        bound();
        return out;
    }

    /** The deltas that finish the answer: whatever was held back. */
    public List<String> finish() {
        List<String> out = new ArrayList<>(2);
        if (mode != Mode.STREAMING) {
            mode = Mode.STREAMING;
            restartWith(held.toString(), out);
        }
        drain(out, true);
        return out;
    }

    /** The length of every text delta sent so far (not the file links): what usage is estimated from. */
    public long visibleChars() {
        return visibleChars;
    }

    private void text(String text, List<String> out) {
        switch (mode) {
            case STREAMING -> {
                pending.append(text);
                drain(out, false);
            }
            case HOLDING_REPLACEMENT -> {
                // the bot builds on its replacement: it was a status line being replaced, so stream on
                mode = Mode.STREAMING;
                restartWith(held.append(text).toString(), out);
                drain(out, false);
            }
            case HOLDING_TO_END -> held.append(text);
        }
    }

    private void replace(String replacement, List<String> out) {
        switch (mode) {
            case STREAMING -> {
                if (sentTextForgotten) {
                    overflow(); // what the client has is no longer known, so a replacement cannot be applied
                }
                String sent = sentText.toString();
                if (replacement.startsWith(sent)) {
                    // the client has a prefix of the new text: what is held back is simply replaced
                    pending.setLength(0);
                    pending.append(replacement, sent.length(), replacement.length());
                    drain(out, false);
                } else {
                    pending.setLength(0);
                    mode = diverged ? Mode.HOLDING_TO_END : Mode.HOLDING_REPLACEMENT;
                    diverged = true;
                    held.setLength(0);
                    held.append(replacement);
                }
            }
            case HOLDING_REPLACEMENT -> {
                if (!replacement.startsWith(held.toString())) {
                    mode = Mode.HOLDING_TO_END; // a second rewrite: a rewriting bot
                }
                held.setLength(0);
                held.append(replacement);
            }
            case HOLDING_TO_END -> {
                held.setLength(0);
                held.append(replacement);
            }
        }
    }

    /** Continues the stream with {@code text} as the bot's whole text: its new suffix, or all of it after a break. */
    private void restartWith(String text, List<String> out) {
        String sent = sentText.toString();
        pending.setLength(0);
        if (text.startsWith(sent)) {
            pending.append(text, sent.length(), text.length());
            return;
        }
        if (!sentText.isEmpty()) {
            emit(atLineStart ? "\n" : "\n\n", out);
        }
        sentText.setLength(0);
        pending.append(text);
    }

    private void file(PoeEvent.File file, List<String> out) {
        if (file.inlineRef() != null) {
            byRef.put(file.inlineRef(), file);
            if (mode == Mode.STREAMING && pending.indexOf("][" + file.inlineRef() + "]") >= 0) {
                drain(out, false); // a held reference to this file resolves now
                return;
            }
        }
        emit(FileLinks.line(file, atLineStart), out);
    }

    /** Sends what is safe to send; at the end ({@code flush}) sends everything, resolved where possible. */
    private void drain(List<String> out, boolean flush) {
        StringBuilder ready = new StringBuilder(); // as shown, references resolved
        StringBuilder raw = new StringBuilder(); // as the bot wrote it, for comparing with later replacements
        while (!pending.isEmpty()) {
            int start = pending.indexOf("![");
            if (start < 0) {
                int keep = !flush && pending.charAt(pending.length() - 1) == '!' ? 1 : 0;
                take(pending.length() - keep, ready, raw);
                break;
            }
            take(start, ready, raw);
            Matcher ref = FileLinks.INLINE_REF.matcher(pending);
            if (ref.lookingAt()) {
                PoeEvent.File file = byRef.get(ref.group(2));
                if (file != null || flush || pending.length() > MAX_HELD) {
                    String whole = ref.group();
                    raw.append(whole);
                    ready.append(file == null ? whole : FileLinks.resolve(whole, byRef));
                    pending.delete(0, ref.end());
                    continue;
                }
                break; // wait for the file this reference names
            }
            Matcher partial = PARTIAL_REF.matcher(pending);
            if (!flush && pending.length() <= MAX_HELD && partial.lookingAt() && partial.end() == pending.length()) {
                break; // the reference may still be completing
            }
            take(2, ready, raw);
        }
        if (!ready.isEmpty()) {
            out.add(ready.toString());
            sentText.append(raw);
            visibleChars += ready.length();
            atLineStart = ready.charAt(ready.length() - 1) == '\n';
        }
    }

    private void take(int count, StringBuilder ready, StringBuilder raw) {
        ready.append(pending, 0, count);
        raw.append(pending, 0, count);
        pending.delete(0, count);
    }

    /**
     * Keeps what is held within the limit: the text the client has is forgotten first (while streaming; while
     * holding, a restart must still compare with it), then anything else held past the limit fails the answer.
     */
    private void bound() {
        long max = limit.maxChars();
        if (sentText.length() + pending.length() + held.length() <= max) {
            return;
        }
        if (mode == Mode.STREAMING && !sentText.isEmpty()) {
            sentText.setLength(0);
            sentText.trimToSize();
            sentTextForgotten = true;
        }
        if (pending.length() + held.length() > max) {
            overflow();
        }
    }

    /** Drops everything held, so that {@link #finish()} sends nothing more, and fails the answer. */
    private void overflow() {
        pending.setLength(0);
        held.setLength(0);
        mode = Mode.STREAMING;
        throw limit.exceeded();
    }

    /** A delta that is not the bot's text (a file link, a separator). */
    private void emit(String delta, List<String> out) {
        out.add(delta);
        atLineStart = delta.charAt(delta.length() - 1) == '\n';
    }
}
