package dev.poebridge.answer;

/**
 * Poe reports no token counts, so usage is estimated: one token per four characters, rounded up, which is close for
 * English text and says nothing exact about any bot's tokenizer.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static int of(CharSequence text) {
        return text == null ? 0 : ofLength(text.length());
    }

    /** The estimate for a text of this many characters. */
    public static int ofLength(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
    }
}
