package dev.poebridge.chat;

import java.util.List;
import java.util.Optional;

import dev.poebridge.answer.TextFormat;
import dev.poebridge.openai.ChatCompletion;
import dev.poebridge.openai.ChatCompletionChunk;
import dev.poebridge.openai.ChatCompletionChunk.Choice;
import dev.poebridge.openai.ChatCompletionChunk.Delta;
import dev.poebridge.openai.Usage;

/**
 * Chat's reply format: a {@code chat.completion}, or {@code chat.completion.chunk}s with one id and {@code created}
 * for the whole stream, a first chunk carrying the role, content deltas, a last chunk with {@code finish_reason}, and
 * the usage chunk with empty {@code choices}.
 */
final class ChatFormat implements TextFormat {

    static final ChatFormat INSTANCE = new ChatFormat();

    private ChatFormat() {
    }

    @Override
    public String idPrefix() {
        return "chatcmpl";
    }

    @Override
    public boolean opensWithRole() {
        return true;
    }

    @Override
    public Object whole(Head head, String content, Usage usage) {
        return ChatCompletion.of(head.id(), head.created(), head.model(), content, usage);
    }

    @Override
    public Object chunk(Head head, String role, String content, String finishReason, Optional<Usage> usage) {
        return new ChatCompletionChunk(head.id(), head.created(), head.model(),
                List.of(new Choice(0, new Delta(role, content), null, finishReason)), usage);
    }

    @Override
    public Object usageChunk(Head head, Usage usage) {
        return new ChatCompletionChunk(head.id(), head.created(), head.model(), List.of(), Optional.of(usage));
    }
}
