package dev.poebridge.poe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.poebridge.auth.KeyScrubber;
import io.smallrye.mutiny.Multi;

/**
 * Removes keys from one bot reply, event by event: a bot can be made to say anything, including a key it somehow
 * learned. Text is streamed, so a key may arrive split across two {@code text} events: the end of the text that could
 * be the start of a key is held back until the next event shows whether it is one. Held text is let out before a
 * {@code file} (whose link ends the run of text in every answer shape), at the end, and before a failure; a
 * {@code replace_response} throws it away with the rest of the old text, and its own end may be held like any text.
 * {@code meta}, {@code json} and {@code suggested_reply} are not part of the text, so they pass the held text without
 * releasing it: a key split around one of them still joins up in the answer and is still found.
 */
final class ReplyScrubber {

    private final KeyScrubber keys;
    private final StringBuilder held = new StringBuilder();

    private ReplyScrubber(KeyScrubber keys) {
        this.keys = keys;
    }

    /** The reply with every key removed; the reply itself when there is no key to look for. */
    static Multi<PoeEvent> scrub(Multi<PoeEvent> reply, KeyScrubber keys) {
        if (keys.isEmpty()) {
            return reply;
        }
        return Multi.createFrom().deferred(() -> {
            ReplyScrubber scrubber = new ReplyScrubber(keys);
            return reply.onItem().transformToIterable(scrubber::accept)
                    .onCompletion().continueWith(scrubber::release)
                    .onFailure().recoverWithMulti(failure -> Multi.createFrom().iterable(scrubber.release())
                            .onCompletion().failWith(failure));
        });
    }

    /** The events to pass on for this one: usually just it, scrubbed; none while its text is all held back. */
    List<PoeEvent> accept(PoeEvent event) {
        return switch (event) {
            case PoeEvent.Text t -> {
                String text = passable(t.text());
                yield text.isEmpty() ? List.of() : List.of(text.equals(t.text()) ? t : new PoeEvent.Text(text));
            }
            case PoeEvent.Replace r -> {
                held.setLength(0); // it was never sent, and the replacement throws it away
                String text = passable(r.text());
                yield List.of(text.equals(r.text()) ? r : new PoeEvent.Replace(text));
            }
            case PoeEvent.File f -> {
                List<PoeEvent> out = new ArrayList<>(2);
                out.addAll(release());
                out.add(file(f));
                yield out;
            }
            case PoeEvent.SuggestedReply s -> {
                String text = keys.scrub(s.text());
                yield List.of(text.equals(s.text()) ? s : new PoeEvent.SuggestedReply(text));
            }
            case PoeEvent.Meta m -> {
                String type = keys.scrub(m.contentType());
                yield List.of(type == null || type.equals(m.contentType()) ? m : new PoeEvent.Meta(type));
            }
            case PoeEvent.Json j -> {
                json(j.data());
                yield List.of(j);
            }
        };
    }

    /** The held text, to be sent now: it is not the start of a key after all. */
    List<PoeEvent> release() {
        if (held.isEmpty()) {
            return List.of();
        }
        String text = held.toString();
        held.setLength(0);
        return List.of(new PoeEvent.Text(text));
    }

    /** Appends {@code text} to what is held, scrubs the whole, and returns what is safe to send; holds the rest. */
    private String passable(String text) {
        String whole;
        if (held.isEmpty()) {
            whole = keys.scrub(text);
        } else {
            whole = keys.scrub(held.append(text).toString());
            held.setLength(0);
        }
        int tail = keys.unsafeTail(whole);
        if (tail == 0) {
            return whole;
        }
        held.append(whole, whole.length() - tail, whole.length());
        return whole.substring(0, whole.length() - tail);
    }

    private PoeEvent.File file(PoeEvent.File f) {
        String url = keys.scrub(f.url());
        String type = keys.scrub(f.contentType());
        String name = keys.scrub(f.name());
        String ref = keys.scrub(f.inlineRef());
        if (url.equals(f.url()) && same(type, f.contentType()) && same(name, f.name()) && same(ref, f.inlineRef())) {
            return f;
        }
        return new PoeEvent.File(url, type, name, ref);
    }

    /** Scrubs the string values and field names of structured data, in place: the decoder parsed it for this reply. */
    private JsonNode json(JsonNode node) {
        if (node.isTextual()) {
            String text = keys.scrub(node.textValue());
            return text.equals(node.textValue()) ? node : TextNode.valueOf(text);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, json(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                String name = keys.scrub(field.getKey());
                JsonNode value = json(field.getValue());
                if (!name.equals(field.getKey())) {
                    object.remove(field.getKey());
                }
                object.set(name, value);
            }
        }
        return node;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
