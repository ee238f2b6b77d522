package dev.poebridge.images;

import java.util.Map;

import dev.poebridge.conversation.ConversationTarget;
import dev.poebridge.poe.BotName;

/**
 * An image generation request, checked ({@link ImageRequests#generation}): what {@link ImageGenerationService} takes.
 * {@code parameters} are what the bot is sent of size and quality ({@link BotParameters}); {@code streaming} is null
 * unless the answer is streamed.
 */
public record ImageGenerationCommand(BotName bot, String prompt, int n, ResponseFormat format,
        Map<String, String> parameters, ImageStreaming streaming, ConversationTarget conversation) implements ImageCommand {
}
