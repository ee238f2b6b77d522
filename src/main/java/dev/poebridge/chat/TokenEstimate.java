package dev.poebridge.chat;

/**
 * Poe reports no token counts, so usage is estimated: one token per four characters, rounded up, which is close for
 * English text and says nothing exact about any bot's tokenizer.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static int of(CharSequence text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
