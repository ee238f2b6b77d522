package dev.poebridge.images;

import dev.poebridge.poe.BotName;

/** An image generation request, checked ({@link ImageRequests#generation}): what {@link ImageGenerationService} takes. */
public record ImageGenerationCommand(BotName bot, String prompt, int n, ResponseFormat format) {
}
