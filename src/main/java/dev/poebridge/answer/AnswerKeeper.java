package dev.poebridge.answer;

import io.smallrye.mutiny.Uni;

/**
 * What is done with a text answer that completed normally, before its reply ends (for a stream: before
 * {@code [DONE]}, so that a client that reads on at once finds it done). A failed or cancelled answer is never given
 * to it, and its own failure fails the reply.
 */
@FunctionalInterface
public interface AnswerKeeper {

    /** Nothing is kept. */
    AnswerKeeper NONE = content -> Uni.createFrom().voidItem();

    /** Keeps {@code content}, the whole answer as the client received it. */
    Uni<Void> keep(String content);
}
