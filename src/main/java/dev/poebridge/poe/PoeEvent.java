package dev.poebridge.poe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a bot's reply, parsed once from Poe's server-sent events. {@code error}, {@code done}, {@code ping}
 * and unknown events never appear here: {@link BotQueryExchange} turns an error into a failure of the stream and
 * {@code done} into its completion.
 */
public sealed interface PoeEvent {

    /** True for events that carry part of the answer; once one has reached the caller, a call is never retried. */
    default boolean isContent() {
        return true;
    }

    /** {@code meta}: how the bot formats its text. Not content. */
    record Meta(String contentType) implements PoeEvent {
        @Override
        public boolean isContent() {
            return false;
        }
    }

    /** {@code text}: a piece of text to append. */
    record Text(String text) implements PoeEvent {
    }

    /** {@code replace_response}: throws away all text so far; later {@code text} events append to this. */
    record Replace(String text) implements PoeEvent {
    }

    /** {@code file}: a file the bot sends, at any point in the reply; {@code inlineRef} may be null. */
    record File(String url, String contentType, String name, String inlineRef) implements PoeEvent {

        public boolean isImage() {
            return contentType != null && contentType.regionMatches(true, 0, "image/", 0, 6);
        }
    }

    /** {@code json}: structured data (tool-call chunks, for example). */
    record Json(JsonNode data) implements PoeEvent {
    }

    /** {@code suggested_reply}: a follow-up the user might send. Not part of the answer. */
    record SuggestedReply(String text) implements PoeEvent {
    }
}
