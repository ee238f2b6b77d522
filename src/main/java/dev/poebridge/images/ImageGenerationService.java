package dev.poebridge.images;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.BotFileDownloader;
import dev.poebridge.files.ResponseHold;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.openai.ImagesResponse;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.BotName;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns an image request into Poe queries: one query per image, {@code n} of them at once up to a configured
 * bound, each reduced to its first image. The answer holds exactly {@code n} images or is an error: if one query
 * fails, the others are cancelled, because a caller who asked for four and silently got three would be misled.
 */
@ApplicationScoped
public class ImageGenerationService {

    static final int MAX_N = 10;

    private final PoeClient poe;
    private final BotFileDownloader downloader;
    private final ImagesConfig config;
    private final ChatConfig chatConfig;

    ImageGenerationService(PoeClient poe, BotFileDownloader downloader, ImagesConfig config, ChatConfig chatConfig) {
        this.poe = poe;
        this.downloader = downloader;
        this.config = config;
        this.chatConfig = chatConfig;
    }

    public Uni<ImagesResponse> generate(ImageGenerationRequest request, String apiKey, ResponseHold hold) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with a 'prompt'.");
        }
        String prompt = requirePrompt(request.prompt());
        BotName bot = BotName.of(request.model() == null || request.model().isBlank() ? config.defaultBot() : request.model());
        int n = requireN(request.n());
        ResponseFormat format = ResponseFormat.parse(request.responseFormat());
        if (Boolean.TRUE.equals(request.stream())) {
            throw ApiException.invalidRequest("stream",
                    "Streaming image generation is not supported by this bridge; omit 'stream' or set it to false.");
        }
        return images(bot, List.of(PoeQuery.Message.user(prompt)), n, format, apiKey, hold);
    }

    /** Runs {@code n} queries of the same messages and collects one image from each. */
    Uni<ImagesResponse> images(BotName bot, List<PoeQuery.Message> messages, int n, ResponseFormat format, String apiKey,
            ResponseHold hold) {
        long created = Instant.now().getEpochSecond();
        return Multi.createFrom().range(0, n)
                .onItem().transformToUni(i -> oneImage(bot, messages, format, apiKey, hold))
                .merge(Math.max(1, config.maxConcurrency()))
                .collect().asList()
                .map(images -> new ImagesResponse(created, images));
    }

    private Uni<ImagesResponse.Image> oneImage(BotName bot, List<PoeQuery.Message> messages, ResponseFormat format,
            String apiKey, ResponseHold hold) {
        Uni<String> url = FirstImage.of(poe.query(bot, messages, apiKey),
                new AnswerLimit(bot.value(), chatConfig.maxAnswerSize().asLongValue()));
        return switch (format) {
            case URL -> url.map(ImagesResponse.Image::ofUrl);
            case B64_JSON -> url.chain(u -> downloader.download(u, bot.value(), hold))
                    .map(download -> ImagesResponse.Image.ofBytes(download.bytes()));
        };
    }

    String requirePrompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' is required and must not be empty.");
        }
        if (prompt.length() > config.maxPromptLength()) {
            throw ApiException.invalidRequest("prompt", "'prompt' is " + prompt.length()
                    + " characters long; the maximum is " + config.maxPromptLength() + ".");
        }
        return prompt;
    }

    static int requireN(Integer n) {
        if (n == null) {
            return 1;
        }
        if (n < 1 || n > MAX_N) {
            throw ApiException.invalidRequest("n", "'n' must be between 1 and " + MAX_N + "; got " + n + ".");
        }
        return n;
    }
}
