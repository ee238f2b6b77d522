package dev.poebridge.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes keys from text that came from outside (Poe's error bodies and events, a bot's answer) before it reaches a
 * caller or a log line. Each key is looked for as written and in the forms an echo is likely to take: JSON-escaped
 * (an error body that quotes the request) and URL-encoded (a URL that carries it). {@code Bearer <key>} needs no form
 * of its own: removing the key leaves {@code Bearer [redacted]}.
 * <p>
 * Immutable and cheap: one {@code indexOf} per form on each string, no regular expression, and the input itself is
 * returned when it holds no key. Get one from {@link CallerKeys#scrubberFor(String)}, which knows every key in play.
 */
public final class KeyScrubber {

    /** What a key is replaced with, wherever it appears. */
    public static final String REDACTED = "[redacted]";

    private static final KeyScrubber NONE = new KeyScrubber(List.of(), new String[0]);

    private final List<String> keys;
    /** Every form of every key, longest first, so that a key inside a longer one cannot leave a piece behind. */
    private final String[] needles;
    private final int longest;
    private final char[] firstChars;

    private KeyScrubber(List<String> keys, String[] needles) {
        this.keys = keys;
        this.needles = needles;
        int max = 0;
        StringBuilder first = new StringBuilder();
        for (String needle : needles) {
            max = Math.max(max, needle.length());
            if (first.indexOf(String.valueOf(needle.charAt(0))) < 0) {
                first.append(needle.charAt(0));
            }
        }
        this.longest = max;
        this.firstChars = first.toString().toCharArray();
    }

    /** A scrubber for these keys; blank ones are ignored. */
    public static KeyScrubber of(Collection<String> keys) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String key : keys) {
            if (key != null && !key.isBlank()) {
                distinct.add(key);
            }
        }
        if (distinct.isEmpty()) {
            return NONE;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String key : distinct) {
            forms.addAll(formsOf(key));
        }
        String[] needles = forms.toArray(String[]::new);
        java.util.Arrays.sort(needles, Comparator.comparingInt(String::length).reversed());
        return new KeyScrubber(List.copyOf(distinct), needles);
    }

    /** This scrubber, also removing {@code key}: the same instance when it already does. */
    public KeyScrubber with(String key) {
        if (key == null || key.isBlank() || keys.contains(key)) {
            return this;
        }
        List<String> more = new ArrayList<>(keys);
        more.add(key);
        return of(more);
    }

    /** True when there is no key to remove. */
    public boolean isEmpty() {
        return needles.length == 0;
    }

    /** The text with every key replaced by {@value #REDACTED}; the same instance when it holds none. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String needle : needles) {
            if (out.indexOf(needle) >= 0) {
                out = out.replace(needle, REDACTED);
            }
        }
        return out;
    }

    /** True when the text holds a key in any of its forms. */
    public boolean leaks(String text) {
        if (text == null) {
            return false;
        }
        for (String needle : needles) {
            if (text.indexOf(needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many characters at the end of {@code text} could be the start of a key: the text a stream must hold back
     * until the next piece shows whether a key follows. Zero in the common case, found by looking only at the last
     * characters that equal a key's first character.
     */
    public int unsafeTail(CharSequence text) {
        int length = text.length();
        for (int start = Math.max(0, length - longest + 1); start < length; start++) {
            if (startsSomeKey(text.charAt(start)) && isPrefixOfSomeKey(text, start)) {
                return length - start; // the earliest start gives the longest tail
            }
        }
        return 0;
    }

    private boolean startsSomeKey(char c) {
        for (char first : firstChars) {
            if (first == c) {
                return true;
            }
        }
        return false;
    }

    private boolean isPrefixOfSomeKey(CharSequence text, int start) {
        int tail = text.length() - start;
        for (String needle : needles) {
            if (needle.length() > tail && regionEquals(text, start, needle, tail)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(CharSequence text, int start, String needle, int length) {
        for (int i = 0; i < length; i++) {
            if (text.charAt(start + i) != needle.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The key as written, JSON-escaped (as Jackson and Python write it, and with {@code \/}), and URL-encoded. */
    private static Set<String> formsOf(String key) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(key);
        forms.add(jsonEscaped(key, false));
        forms.add(jsonEscaped(key, true));
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
        return forms;
    }

    private static String jsonEscaped(String key, boolean asciiAndSlash) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append(asciiAndSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (asciiAndSlash && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
