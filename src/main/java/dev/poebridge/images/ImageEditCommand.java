package dev.poebridge.images;

import java.util.List;
import java.util.Map;

import dev.poebridge.conversation.ConversationTarget;
import dev.poebridge.files.CallerFiles;
import dev.poebridge.files.IncomingFiles;
import dev.poebridge.poe.BotName;

/**
 * An image edit or variation request, checked ({@link ImageRequests}): what {@link ImageEditService} takes. The images
 * are checked too, and only wait to be uploaded; {@code parameters} are what the bot is sent of size and quality
 * ({@link BotParameters}); {@code streaming} is null unless the answer is streamed;
 * {@code conversation} is null unless the request names one.
 */
public record ImageEditCommand(BotName bot, String prompt, int n, ResponseFormat format, Images images,
        Map<String, String> parameters, ImageStreaming streaming, ConversationTarget conversation) implements ImageCommand {

    /** The caller's images, checked. */
    public sealed interface Images {
    }

    /** Multipart parts, each a typed image in the temporary file Quarkus wrote it to. */
    public record Parts(List<IncomingFiles.IncomingFile> files) implements Images {
    }

    /** The JSON form's URLs, gathered in one batch; {@code keys} name each entry's file in it, in order. */
    public record Urls(CallerFiles.Batch batch, List<String> keys) implements Images {
    }
}
