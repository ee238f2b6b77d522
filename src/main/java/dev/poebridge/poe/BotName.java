package dev.poebridge.poe;

import dev.poebridge.error.ApiException;

/**
 * A Poe bot name as a caller gave it in {@code model}, checked once at the edge; every later step (the query URL,
 * metrics labels, log lines, the {@code model} of the answer) can take it as safe.
 * <ul>
 * <li>Not blank, at most {@value #MAX_LENGTH} characters: the name becomes a metrics label and a log field, and one
 * client that sent long unique names grew the metrics endpoint to megabytes.</li>
 * <li>No control characters (C0, DEL, C1), no Unicode space characters and no unpaired surrogates: these either
 * break log lines or, encoded for the URL, turn into {@code ?} and name another bot.</li>
 * <li>No space, {@code /}, {@code ?}, {@code #}, {@code %} or {@code \}: the name goes into the URL path as given
 * (Poe's own client does no encoding), and these would change the URL's meaning.</li>
 * </ul>
 * Anything else is a 400 with {@code param: "model"}.
 */
public record BotName(String value) {

    /** Longest name accepted; Poe's longest bot names are a few dozen characters. */
    public static final int MAX_LENGTH = 256;

    public BotName {
        check(value);
    }

    /** The name, surrounding whitespace stripped, or a 400 naming {@code model}. */
    public static BotName of(String model) {
        return new BotName(model == null ? null : model.strip());
    }

    @Override
    public String toString() {
        return value;
    }

    private static void check(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("'model' must name a Poe bot.");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("'model' is " + name.length() + " characters long; a Poe bot name has at most "
                    + MAX_LENGTH + ".");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++; // a well-formed pair: a character outside the Basic Multilingual Plane
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw invalid("'model' holds an unpaired surrogate (at index " + i + "): it is not valid text.");
            }
            if (Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw invalid("'model' holds a control or space character (U+" + String.format("%04X", (int) c)
                        + " at index " + i + "); Poe bot names have none.");
            }
            if (c == '/' || c == '?' || c == '#' || c == '%' || c == '\\') {
                throw invalid("'" + name + "' is not a valid Poe bot name: it may not contain spaces, '/', '?', '#', "
                        + "'%' or '\\'.");
            }
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.invalidRequest("model", message);
    }
}
