package dev.poebridge.completions;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.AnswerStream;
import dev.poebridge.openai.TextCompletion;
import dev.poebridge.openai.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * The legacy-completion shape of a streamed answer: {@code text_completion} chunks whose {@code text} is each content
 * delta (file links included, as they arrive), a last chunk with {@code finish_reason}, and the usage chunk. Every
 * chunk names the requested model.
 */
record CompletionChunks(String id, long created, String model, boolean includeUsage, int promptTokens,
        ObjectMapper mapper) implements AnswerStream.Shape {

    @Override
    public List<Buffer> opening() {
        return List.of();
    }

    @Override
    public Buffer content(String delta) {
        return chunk(delta, null);
    }

    @Override
    public Buffer finish() {
        return chunk("", "stop");
    }

    @Override
    public Buffer usage(Usage usage) {
        return AnswerStream.json(new TextCompletion(id, created, model, List.of(), Optional.of(usage)), mapper);
    }

    private Buffer chunk(String text, String finishReason) {
        Optional<Usage> usage = includeUsage ? Optional.empty() : null;
        return AnswerStream.json(new TextCompletion(id, created, model,
                List.of(new TextCompletion.Choice(text, 0, null, finishReason)), usage), mapper);
    }
}
