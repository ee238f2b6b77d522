package dev.poebridge.chat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.TextReplies;
import dev.poebridge.auth.Caller;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.poe.PoeQuery;
import dev.poebridge.store.ConversationStore;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions over a Poe bot: the checked request's files are uploaded, the bot is queried, and its reply
 * becomes one JSON body or a stream of chunks ({@link TextReplies}). In a conversation ({@link ChatConversation}),
 * its last {@value #HISTORY} items go first, as far back as {@value #HISTORY_CHARS} characters of their JSON reach (a
 * 404 for an unknown or foreign one, before anything else), and the request's closing user messages and the answer
 * are appended once the answer is complete. Within the owner's storage quota: when the request's messages do not fit
 * the bot is not asked; when the answer does not fit too, the reply fails with a 400
 * {@code conversation_storage_full} (a stream ends with it), as any failed append does.
 */
@ApplicationScoped
public class ChatService {

    /** How many of a conversation's latest items are sent to the bot: older ones are left out. */
    static final int HISTORY = 100;

    /**
     * How much stored JSON (16 MiB of characters) the history may take: older items are left out beyond it, so that a
     * long conversation cannot fill the heap. Images kept as base64 take none: they reach the bot as a note.
     */
    static final long HISTORY_CHARS = 16L << 20;

    private final TextReplies replies;
    private final ConversationStore store;
    private final MessageTranslator translator;

    ChatService(TextReplies replies, ConversationStore store, MessageTranslator translator) {
        this.replies = replies;
        this.store = store;
        this.translator = translator;
    }

    /**
     * The answer, once {@code admission} (a guest's quota) has passed: after the conversation is looked up, so that a
     * wrong one spends nothing, and before anything is uploaded or asked.
     */
    public Uni<HttpReply> complete(ChatCommand command, Caller caller, Uni<Void> admission, ResponseHold hold) {
        String key = caller.poeKey();
        ChatConversation.Target conversation = command.conversation();
        if (conversation == null) {
            return replies.answer(command.options(), ChatFormat.INSTANCE, command.promptTokens(),
                    admission.chain(() -> command.messages().upload(key)), key, hold);
        }
        Uni<List<PoeQuery.Message>> messages = store.latest(caller.owner(), conversation.id(), HISTORY, HISTORY_CHARS)
                // When not even the request's own messages fit, the answer could not be kept: the bot is not asked.
                .call(() -> store.requireRoom(caller.owner(), conversation.requestItems()))
                .call(() -> admission)
                .chain(latest -> {
                    List<ChatCompletionRequest.Message> history = ChatConversation.messages(latest.reversed());
                    if (history.isEmpty()) {
                        return command.messages().upload(key);
                    }
                    return Uni.combine().all().unis(check(history).upload(key), command.messages().upload(key))
                            .with((earlier, now) -> {
                                List<PoeQuery.Message> all = new ArrayList<>(earlier);
                                all.addAll(now);
                                return all;
                            });
                });
        return replies.answer(command.options(), ChatFormat.INSTANCE, command.promptTokens(), messages, key, hold,
                answer -> store.append(caller.owner(), conversation.id(), conversation.itemsWith(answer))
                        .replaceWithVoid().onFailure(ConversationStore::storageFull).transform(full -> new ApiException(
                                400, "invalid_request_error", "conversation", ConversationStore.STORAGE_FULL,
                                "The answer could not be kept in conversation " + conversation.id() + ". "
                                        + full.getMessage())));
    }

    /** The stored messages, checked as the request's are; one that cannot be sent is named as the conversation's. */
    private MessageTranslator.Checked check(List<ChatCompletionRequest.Message> history) {
        try {
            return translator.check(history);
        } catch (ApiException e) {
            throw ApiException.invalidRequest("conversation",
                    "An item of the conversation cannot be sent to the bot: " + e.getMessage());
        }
    }
}
