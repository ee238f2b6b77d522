package dev.poebridge.chat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.AnswerStream;
import dev.poebridge.openai.ChatCompletionChunk;
import dev.poebridge.openai.ChatCompletionChunk.Choice;
import dev.poebridge.openai.ChatCompletionChunk.Delta;
import dev.poebridge.openai.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * The chat-chunk shape of a streamed answer: OpenAI {@code chat.completion.chunk}s with one id and {@code created}
 * for the whole stream, a first chunk carrying the role, content deltas, a last chunk with {@code finish_reason}, and
 * the usage chunk with empty {@code choices}.
 */
public record ChatChunks(String id, long created, String model, boolean includeUsage, int promptTokens,
        ObjectMapper mapper) implements AnswerStream.Shape {

    @Override
    public List<Buffer> opening() {
        return List.of(chunk(new Delta("assistant", ""), null));
    }

    @Override
    public Buffer content(String delta) {
        return chunk(new Delta(null, delta), null);
    }

    @Override
    public Buffer finish() {
        return chunk(new Delta(null, null), "stop");
    }

    @Override
    public Buffer usage(Usage usage) {
        return AnswerStream.json(new ChatCompletionChunk(id, created, model, List.of(), Optional.of(usage)), mapper);
    }

    private Buffer chunk(Delta delta, String finishReason) {
        // With include_usage, every other chunk carries "usage": null (Optional.empty()); without, no usage key.
        Optional<Usage> usage = includeUsage ? Optional.empty() : null;
        return AnswerStream.json(new ChatCompletionChunk(id, created, model,
                List.of(new Choice(0, delta, null, finishReason)), usage), mapper);
    }
}
