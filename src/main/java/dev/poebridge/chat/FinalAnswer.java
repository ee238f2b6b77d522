package dev.poebridge.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.poebridge.poe.PoeEvent;

/**
 * A bot's whole answer, for non-streamed replies, with Poe's exact semantics: {@code replace_response} throws away
 * all text so far and later {@code text} appends; files keep their place among the text in arrival order, each on its
 * own line, unless the text already shows them through an inline reference; suggested replies, {@code meta} and
 * {@code json} are not content.
 */
public final class FinalAnswer {

    private final List<Object> segments = new ArrayList<>(); // StringBuilder (text) or PoeEvent.File
    private final Map<String, PoeEvent.File> byRef = new HashMap<>();

    public FinalAnswer accept(PoeEvent event) {
        switch (event) {
            case PoeEvent.Text t -> text().append(t.text());
            case PoeEvent.Replace r -> {
                segments.removeIf(s -> s instanceof StringBuilder);
                segments.add(new StringBuilder(r.text()));
            }
            case PoeEvent.File f -> {
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
        String allText = plainText();
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof StringBuilder text) {
                out.append(FileLinks.resolve(text.toString(), byRef));
            } else {
                PoeEvent.File file = (PoeEvent.File) segment;
                if (file.inlineRef() != null && allText.contains("][" + file.inlineRef() + "]")) {
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
