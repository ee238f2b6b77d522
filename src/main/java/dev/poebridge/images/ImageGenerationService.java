package dev.poebridge.images;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.poebridge.config.ChatConfig;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.download.BotFileDownloader;
import dev.poebridge.ops.ResponseHold;
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

    private static final Logger LOG = Logger.getLogger(ImageGenerationService.class);

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

    public Uni<ImagesResponse> generate(ImageGenerationCommand command, String apiKey, ResponseHold hold) {
        return images(command.bot(), messages(command), command.n(), command.format(), apiKey, hold);
    }

    /** The events of a streamed generation ({@link ImageStream}). */
    Multi<ImageStream.Event> stream(ImageGenerationCommand command, String apiKey, ResponseHold hold) {
        return stream(command.bot(), messages(command), command.n(), command.streaming(), apiKey, hold);
    }

    private static List<PoeQuery.Message> messages(ImageGenerationCommand command) {
        return List.of(PoeQuery.Message.user(command.prompt()).withParameters(command.parameters()));
    }

    /**
     * Runs {@code n} queries of the same messages at once, as {@link #images} does, and streams the events of each
     * reply as they come, the replies' events interleaved; a failure of one ends them all.
     */
    Multi<ImageStream.Event> stream(BotName bot, List<PoeQuery.Message> messages, int n, ImageStreaming streaming,
            String apiKey, ResponseHold hold) {
        return Multi.createFrom().range(0, n)
                .onItem().transformToMulti(i -> ImageStream.of(
                        FirstImage.all(poe.query(bot, messages, apiKey), AnswerLimit.of(bot, chatConfig)),
                        streaming.partialImages(),
                        url -> downloader.download(url, bot.value(), hold).map(BotFileDownloader.Download::bytes)))
                .merge(Math.max(1, config.maxConcurrency()));
    }

    /** Runs {@code n} queries of the same messages and collects one image from each. */
    Uni<ImagesResponse> images(BotName bot, List<PoeQuery.Message> messages, int n, ResponseFormat format, String apiKey,
            ResponseHold hold) {
        long created = Instant.now().getEpochSecond();
        return Multi.createFrom().range(0, n)
                .onItem().transformToUni(i -> oneImage(bot, messages, format, apiKey, hold))
                .merge(Math.max(1, config.maxConcurrency()))
                .collect().asList()
                .map(images -> ImageFacts.response(created, images));
    }

    /**
     * Both fields were not asked for, and the url alone is what this answer was before they were offered: a file that
     * cannot be fetched (not public, not an image, too large, busy) must not fail it.
     */
    private static ImagesResponse.Image urlAlone(String url, BotName bot, Throwable failure) {
        LOG.warnf("Image of bot '%s' answered with its url alone, without b64_json: %s", bot,
                failure instanceof ApiException ? failure.getMessage() : failure.getClass().getSimpleName());
        return ImagesResponse.Image.ofUrl(url);
    }

    private Uni<ImagesResponse.Image> oneImage(BotName bot, List<PoeQuery.Message> messages, ResponseFormat format,
            String apiKey, ResponseHold hold) {
        Uni<String> url = FirstImage.of(poe.query(bot, messages, apiKey),
                AnswerLimit.of(bot, chatConfig));
        return switch (format) {
            case URL -> url.map(ImagesResponse.Image::ofUrl);
            case B64_JSON -> url.chain(u -> downloader.download(u, bot.value(), hold))
                    .map(download -> ImagesResponse.Image.ofBytes(download.bytes()));
            case URL_AND_B64_JSON -> url.chain(u -> downloader.download(u, bot.value(), hold)
                    .map(download -> new ImagesResponse.Image(u, download.bytes()))
                    .onFailure().recoverWithItem(failure -> urlAlone(u, bot, failure)));
        };
    }
}
