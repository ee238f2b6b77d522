package dev.poebridge.images;

import dev.poebridge.conversation.ConversationTarget;
import dev.poebridge.poe.BotName;

/** What the images resource asks of every checked command: whether its answer is streamed, and how. */
interface ImageCommand {

    /** The bot asked. */
    BotName bot();

    /** How many images are asked for. */
    int n();

    /** How the answer is streamed, or null for one JSON answer. */
    ImageStreaming streaming();

    /** What the bot is asked: kept in the conversation as the user's message. */
    String prompt();

    /** The conversation the request names ({@code conversation_id}, {@code store}), or null. */
    ConversationTarget conversation();
}
