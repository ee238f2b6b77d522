package dev.poebridge.answer;

import java.util.Optional;

import dev.poebridge.openai.Usage;

/**
 * What differs between the text endpoints' replies (chat completions, legacy completions): the id prefix, the whole
 * answer's JSON object and the stream's chunk objects. Everything else (when which chunk is sent, usage, errors) is
 * {@link TextReplies}' and {@link AnswerStream}'s.
 */
public interface TextFormat {

    /** The id's prefix, e.g. {@code chatcmpl}. */
    String idPrefix();

    /** Whether a stream opens with a chunk holding only the assistant role (chat's does, completions' do not). */
    boolean opensWithRole();

    /** The whole answer, for a reply that is not streamed. */
    Object whole(Head head, String content, Usage usage);

    /**
     * One chunk: the opening one ({@code role} set, empty content), a content delta, or the last one ({@code content}
     * null, {@code finishReason} set). {@code usage} is null when usage was not asked for and empty when it was.
     */
    Object chunk(Head head, String role, String content, String finishReason, Optional<Usage> usage);

    /** The usage chunk, sent last with {@code stream_options.include_usage}. */
    Object usageChunk(Head head, Usage usage);

    /** What every chunk of one answer repeats. */
    record Head(String id, long created, String model) {
    }
}
