package dev.poebridge.images;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.files.CallerFiles;
import dev.poebridge.files.IncomingFiles;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.ResponseHold;
import dev.poebridge.openai.ImageEditJsonRequest;
import dev.poebridge.openai.ImagesResponse;
import dev.poebridge.poe.BotName;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Uni;

/**
 * Image edits and variations: the caller's images are uploaded to Poe (each once, concurrently, streamed from the
 * temporary files Quarkus wrote them to), then the bot is asked with the prompt and every image attached to one user
 * message, and the generation rules apply: the first image of each reply, {@code n} replies, url or exact-bytes
 * b64_json.
 */
@ApplicationScoped
public class ImageEditService {

    /** {@code image}, {@code image[]} (how the OpenAI SDKs send a list) and {@code image[0]}-style names. */
    private static final Pattern IMAGE_FIELD = Pattern.compile("image(\\[\\d*])?");

    private final PoeClient poe;
    private final ImageGenerationService generations;
    private final CallerFiles callerFiles;
    private final ImagesConfig config;

    ImageEditService(PoeClient poe, ImageGenerationService generations, CallerFiles callerFiles,
            ImagesConfig config) {
        this.poe = poe;
        this.generations = generations;
        this.callerFiles = callerFiles;
        this.config = config;
    }

    /** The text fields of an edit or variation form. */
    public record Fields(String prompt, String model, String n, String responseFormat, String stream) {
    }

    /** Runs on a worker thread: it reads the first bytes of each uploaded file to learn its real type. */
    public Uni<ImagesResponse> edit(Fields fields, List<FileUpload> files, String apiKey, ResponseHold hold) {
        String prompt = generations.requirePrompt(fields.prompt());
        refuseMask(files.stream().anyMatch(f -> f.name().equals("mask")));
        List<FileUpload> images = files.stream().filter(f -> IMAGE_FIELD.matcher(f.name()).matches()).toList();
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("image", "'image' is required: one image file, or up to "
                    + config.maxImages() + " as 'image[]'.");
        }
        return run(fields, config.editBot(), prompt, images, apiKey, hold);
    }

    public Uni<ImagesResponse> vary(Fields fields, List<FileUpload> files, String apiKey, ResponseHold hold) {
        List<FileUpload> images = files.stream().filter(f -> f.name().equals("image")).toList();
        if (images.size() != 1) {
            throw ApiException.invalidRequest("image", "'image' is required: exactly one image file.");
        }
        return run(fields, config.variationBot(), config.variationPrompt(), images, apiKey, hold);
    }

    public Uni<ImagesResponse> edit(ImageEditJsonRequest request, String apiKey, ResponseHold hold) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'images' and 'prompt'.");
        }
        String prompt = generations.requirePrompt(request.prompt());
        refuseMask(request.mask() != null && !request.mask().isNull());
        refuseStream(request.stream() != null && request.stream());
        List<ImageEditJsonRequest.ImageRef> refs = request.images() == null ? List.of() : request.images();
        if (refs.isEmpty() || refs.size() > config.maxImages()) {
            throw ApiException.invalidRequest("images", "'images' must hold 1 to " + config.maxImages() + " images.");
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            ImageEditJsonRequest.ImageRef ref = refs.get(i);
            if (ref == null || ref.imageUrl() == null || ref.imageUrl().isBlank()) {
                throw ApiException.invalidRequest("images[" + i + "]", ref != null && ref.fileId() != null
                        ? "'file_id' is not supported (Poe has no file store): send the image as 'image_url'."
                        : "Each image needs an 'image_url' (https or data URL).");
            }
            urls.add(ref.imageUrl());
        }
        BotName bot = bot(request.model(), config.editBot());
        int n = ImageGenerationService.requireN(request.n());
        ResponseFormat format = ResponseFormat.parse(request.responseFormat());
        return callerFiles.uploadImages(urls, "images", config.maxImageSize().asLongValue(), apiKey)
                .chain(attachments -> generations.images(bot, List.of(PoeQuery.Message.of("user", prompt, attachments)),
                        n, format, apiKey, hold));
    }

    private Uni<ImagesResponse> run(Fields fields, String defaultBot, String prompt, List<FileUpload> images,
            String apiKey, ResponseHold hold) {
        if (images.size() > config.maxImages()) {
            throw ApiException.invalidRequest("image", "At most " + config.maxImages() + " images; got " + images.size() + ".");
        }
        refuseStream("true".equalsIgnoreCase(fields.stream()));
        BotName bot = bot(fields.model(), defaultBot);
        int n = ImageGenerationService.requireN(parseN(fields.n()));
        ResponseFormat format = ResponseFormat.parse(blankToNull(fields.responseFormat()));
        long max = config.maxImageSize().asLongValue();
        List<Uni<PoeQuery.Attachment>> uploads = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            IncomingFiles.IncomingFile image = IncomingFiles.image(images.get(i), i + 1, max);
            uploads.add(poe.uploadFile(image.path(), image.name(), image.contentType(), apiKey));
        }
        return Uni.join().all(uploads).andFailFast()
                .chain(attachments -> generations.images(bot, List.of(PoeQuery.Message.of("user", prompt, attachments)),
                        n, format, apiKey, hold));
    }

    private static void refuseMask(boolean hasMask) {
        if (hasMask) {
            throw ApiException.invalidRequest("mask", "Masks are not supported: Poe's image bots take no mask. "
                    + "Describe the part of the image to change in the prompt instead.");
        }
    }

    private static void refuseStream(boolean stream) {
        if (stream) {
            throw ApiException.invalidRequest("stream",
                    "Streaming image edits are not supported by this bridge; omit 'stream' or set it to false.");
        }
    }

    private static BotName bot(String model, String fallback) {
        return BotName.of(model == null || model.isBlank() ? fallback : model);
    }

    private static Integer parseN(String n) {
        if (n == null || n.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(n.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("n", "'n' must be a whole number between 1 and 10; got '" + n + "'.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
