package dev.poebridge.chat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.TextReplies;
import dev.poebridge.ops.ResponseHold;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions over a Poe bot: the checked request's files are uploaded, the bot is queried, and its reply
 * becomes one JSON body or a stream of chunks ({@link TextReplies}).
 */
@ApplicationScoped
public class ChatService {

    private final TextReplies replies;

    ChatService(TextReplies replies) {
        this.replies = replies;
    }

    public Uni<HttpReply> complete(ChatCommand command, String apiKey, ResponseHold hold) {
        return replies.answer(command.options(), ChatFormat.INSTANCE, command.promptTokens(),
                command.messages().upload(apiKey), apiKey, hold);
    }
}
