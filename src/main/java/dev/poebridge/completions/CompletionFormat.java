package dev.poebridge.completions;

import java.util.List;
import java.util.Optional;

import dev.poebridge.answer.TextFormat;
import dev.poebridge.openai.TextCompletion;
import dev.poebridge.openai.Usage;

/**
 * The legacy completion format: a {@code text_completion}, whole or as chunks whose {@code text} is each content delta
 * (file links included, as they arrive), a last chunk with {@code finish_reason}, and the usage chunk. Every chunk
 * names the requested model.
 */
final class CompletionFormat implements TextFormat {

    static final CompletionFormat INSTANCE = new CompletionFormat();

    private CompletionFormat() {
    }

    @Override
    public String idPrefix() {
        return "cmpl";
    }

    @Override
    public boolean opensWithRole() {
        return false;
    }

    @Override
    public Object whole(Head head, String content, Usage usage) {
        return new TextCompletion(head.id(), head.created(), head.model(),
                List.of(new TextCompletion.Choice(content, 0, null, "stop")), Optional.of(usage));
    }

    @Override
    public Object chunk(Head head, String role, String content, String finishReason, Optional<Usage> usage) {
        return new TextCompletion(head.id(), head.created(), head.model(),
                List.of(new TextCompletion.Choice(content == null ? "" : content, 0, null, finishReason)), usage);
    }

    @Override
    public Object usageChunk(Head head, Usage usage) {
        return new TextCompletion(head.id(), head.created(), head.model(), List.of(), Optional.of(usage));
    }
}
