package dev.poebridge.answer;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.openai.Usage;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeEvent;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What every Poe-backed text endpoint (chat, legacy completions) does once its request is checked: asks the bot, and
 * turns its reply into one JSON body ({@link FinalAnswer}) or a stream of chunks ({@link AnswerStream}, owned by
 * {@link ReplyStream}) in the endpoint's {@link TextFormat}; any failure becomes its OpenAI error.
 */
@ApplicationScoped
public class TextReplies {

    private final PoeClient poe;
    private final ReplyStream streams;
    private final ChatConfig config;
    private final ObjectMapper mapper;

    TextReplies(PoeClient poe, ReplyStream streams, ChatConfig config, ObjectMapper mapper) {
        this.poe = poe;
        this.streams = streams;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * The bot's answer to {@code messages} (ready once their files are uploaded); {@code hold} is released when the
     * request is done.
     */
    public Uni<HttpReply> answer(TextOptions options, TextFormat format, int promptTokens,
            Uni<List<PoeQuery.Message>> messages, String apiKey, ResponseHold hold) {
        return answer(options, format, promptTokens, messages, apiKey, hold, AnswerKeeper.NONE);
    }

    /**
     * As above, and the whole answer goes to {@code keeper} once it is complete, before the reply ends. A streamed
     * answer that is kept is bounded by {@code chat.max-answer-size} as a whole answer is, since all of it is held.
     */
    public Uni<HttpReply> answer(TextOptions options, TextFormat format, int promptTokens,
            Uni<List<PoeQuery.Message>> messages, String apiKey, ResponseHold hold, AnswerKeeper keeper) {
        return messages.chain(poeMessages -> {
            Multi<PoeEvent> reply = poe.query(options.bot(), poeMessages, options.temperature(), options.stop(), apiKey);
            TextFormat.Head head = new TextFormat.Head(format.idPrefix() + "-" + randomId(),
                    Instant.now().getEpochSecond(), options.bot().value());
            // How much of the bot's answer may be held (chat.max-answer-size).
            AnswerLimit limit = AnswerLimit.of(options.bot(), config);
            if (!options.stream()) {
                return reply.collect().in(() -> new FinalAnswer(limit), FinalAnswer::accept)
                        .call(answer -> keeper.keep(answer.content()))
                        .map(answer -> HttpReply.json(bytes(format.whole(head, answer.content(),
                                Usage.of(promptTokens, TokenEstimate.of(answer.plainText()))))));
            }
            AnswerStream.Shape shape = new AnswerStream.Shape(format, head, options.includeUsage(), promptTokens, mapper);
            return streams.open(reply, events -> AnswerStream.frames(events, shape, limit, keeper), hold);
        }).onFailure().recoverWithItem(failure -> HttpReply.failure(failure, mapper));
    }

    private byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** 24 hex digits, as OpenAI's ids have. */
    private static String randomId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
