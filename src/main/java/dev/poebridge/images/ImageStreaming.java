package dev.poebridge.images;

/**
 * What a streamed image answer ({@code stream: true}) needs beyond its images, checked ({@link ImageRequests}).
 *
 * @param events the prefix of its event types: {@code image_generation} or {@code image_edit}
 * @param partialImages how many of the earlier images a bot sends before its last may be streamed as partial
 *        images, 0 to {@value ImageRequests#MAX_PARTIAL_IMAGES}
 * @param quality what each event says of quality: the quality the bot was asked for, or {@code auto}
 */
public record ImageStreaming(String events, int partialImages, String quality) {
}
