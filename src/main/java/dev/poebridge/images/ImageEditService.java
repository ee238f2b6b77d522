package dev.poebridge.images;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.ops.ResponseHold;
import dev.poebridge.openai.ImagesResponse;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Image edits and variations: the caller's images are uploaded to Poe (each once, concurrently, streamed from the
 * temporary files Quarkus wrote them to, or fetched by Poe from their URLs), then the bot is asked with the prompt and
 * every image attached to one user message, and the generation rules apply: the first image of each reply, {@code n}
 * replies, url, exact-bytes b64_json or both (the default here, {@link ResponseFormat}).
 */
@ApplicationScoped
public class ImageEditService {

    private final PoeClient poe;
    private final ImageGenerationService generations;

    ImageEditService(PoeClient poe, ImageGenerationService generations) {
        this.poe = poe;
        this.generations = generations;
    }

    public Uni<ImagesResponse> edit(ImageEditCommand command, String apiKey, ResponseHold hold) {
        return messages(command, apiKey).chain(messages -> generations.images(command.bot(), messages, command.n(),
                command.format(), apiKey, hold));
    }

    /** The events of a streamed edit: the images are uploaded first, so that a failure there keeps its status. */
    Multi<ImageStream.Event> stream(ImageEditCommand command, String apiKey, ResponseHold hold) {
        return messages(command, apiKey).onItem().transformToMulti(messages -> generations.stream(command.bot(),
                messages, command.n(), command.streaming(), apiKey, hold));
    }

    /** The bot's one user message: the prompt, the uploaded images and the parameters. */
    private Uni<List<PoeQuery.Message>> messages(ImageEditCommand command, String apiKey) {
        Uni<List<PoeQuery.Attachment>> attachments = switch (command.images()) {
            case ImageEditCommand.Parts parts -> Uni.join().all(parts.files().stream()
                    .map(image -> poe.uploadFile(image.path(), image.name(), image.contentType(), apiKey)).toList())
                    .andFailFast();
            case ImageEditCommand.Urls urls -> urls.batch().upload(apiKey)
                    .map(uploaded -> urls.keys().stream().map(uploaded::get).distinct().toList());
        };
        return attachments.map(uploaded -> List.of(
                PoeQuery.Message.of("user", command.prompt(), uploaded).withParameters(command.parameters())));
    }
}
