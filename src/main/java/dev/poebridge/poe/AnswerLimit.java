package dev.poebridge.poe;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.error.PoeException;

/**
 * How much of one bot's answer the bridge may hold ({@code chat.max-answer-size}, in characters). Answers that are
 * not streamed to the caller (whole chat and completion answers, the text an image bot writes) and the text a stream
 * must hold back are kept in memory until the answer is complete; a bot that writes without end must not take the
 * heap with it. Past the limit the Poe call is stopped and the caller gets a 502 {@code answer_too_large} naming the
 * bot.
 */
public record AnswerLimit(String bot, long maxChars) {

    /** What a file event costs beyond its URL and name: the objects that keep its place in the answer. */
    public static final int FILE_OVERHEAD_CHARS = 128;

    /** The limit {@code chat.max-answer-size} sets for {@code bot}'s answers. */
    public static AnswerLimit of(BotName bot, ChatConfig config) {
        return new AnswerLimit(bot.value(), config.maxAnswerSize().asLongValue());
    }

    /** Throws {@link #exceeded()} when {@code chars} characters would be more than the limit. */
    public void check(long chars) {
        if (chars > maxChars) {
            throw exceeded();
        }
    }

    /** The failure the caller gets: a 502, in the response or in-band when a stream has begun. */
    public PoeException exceeded() {
        return new PoeException(PoeException.Kind.UPSTREAM, bot, false, "answer_too_large", null,
                "Poe bot '" + bot + "' answered with more than " + maxChars + " characters, more than this bridge "
                        + "holds for one answer (chat.max-answer-size); the answer was stopped.",
                null);
    }

    /** What a file event counts for. */
    public static long cost(PoeEvent.File file) {
        return FILE_OVERHEAD_CHARS + length(file.url()) + length(file.name()) + length(file.contentType())
                + length(file.inlineRef());
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
