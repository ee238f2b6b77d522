package dev.poebridge.answer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;

/**
 * A bot's whole answer, for non-streamed replies, with Poe's exact semantics: {@code replace_response} throws away
 * all text so far and later {@code text} appends; files keep their place among the text in arrival order, each on its
 * own line, unless the text already shows them through an inline reference; suggested replies, {@code meta} and
 * {@code json} are not content. What it holds is bounded by an {@link AnswerLimit}: an answer that would grow past it
 * fails (and so stops the Poe call) instead of filling the heap.
 */
public final class FinalAnswer {

    private final List<Object> segments = new ArrayList<>(); // StringBuilder (text) or PoeEvent.File
    private final Map<String, PoeEvent.File> byRef = new HashMap<>();
    private final AnswerLimit limit;
    private long textChars;
    private long fileChars;

    /** An empty answer that may grow to {@code limit}; past it, {@link #accept} throws the limit's failure. */
    public FinalAnswer(AnswerLimit limit) {
        this.limit = limit;
    }

    public FinalAnswer accept(PoeEvent event) {
        switch (event) {
            case PoeEvent.Text t -> {
                limit.check(textChars + t.text().length() + fileChars);
                text().append(t.text());
                textChars += t.text().length();
            }
            case PoeEvent.Replace r -> {
                limit.check(r.text().length() + fileChars);
                segments.removeIf(s -> s instanceof StringBuilder);
                segments.add(new StringBuilder(r.text()));
                textChars = r.text().length();
            }
            case PoeEvent.File f -> {
                limit.check(textChars + fileChars + AnswerLimit.cost(f));
                fileChars += AnswerLimit.cost(f);
                segments.add(f);
                if (f.inlineRef() != null) {
                    byRef.put(f.inlineRef(), f);
                }
            }
            default -> {
                // meta, json, suggested replies
            }
        }
        return this;
    }

    /** The answer as it is shown: text with inline references resolved, and the file links. */
    public String content() {
        // One pass over the text, not one per file: a bot may send thousands of files.
        Set<String> shownRefs = new HashSet<>();
        Matcher ref = FileLinks.INLINE_REF.matcher(plainText());
        while (ref.find()) {
            shownRefs.add(ref.group(2));
        }
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof StringBuilder text) {
                out.append(FileLinks.resolve(text.toString(), byRef));
            } else {
                PoeEvent.File file = (PoeEvent.File) segment;
                if (file.inlineRef() != null && shownRefs.contains(file.inlineRef())) {
                    continue; // shown where the bot put it
                }
                out.append(FileLinks.line(file, out.isEmpty() || out.charAt(out.length() - 1) == '\n'));
            }
        }
        return out.toString();
    }

    /** The bot's text alone, without file links: what usage is estimated from. */
    public String plainText() {
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof StringBuilder text) {
                out.append(text);
            }
        }
        return out.toString();
    }

    private StringBuilder text() {
        if (!segments.isEmpty() && segments.get(segments.size() - 1) instanceof StringBuilder last) {
            return last;
        }
        StringBuilder text = new StringBuilder();
        segments.add(text);
        return text;
    }
}
