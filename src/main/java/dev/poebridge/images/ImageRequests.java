package dev.poebridge.images;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.CallerFiles;
import dev.poebridge.files.IncomingFiles;
import dev.poebridge.openai.ImageEditJsonRequest;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.poe.BotName;

/**
 * The images endpoints' requests checked at the edge into commands: each method throws the 400 that names the first
 * bad field, in the order written here, before anything is sent to Poe; the services never check again.
 */
@ApplicationScoped
public class ImageRequests {

    static final int MAX_N = 10;

    /** {@code image}, {@code image[]} (how the OpenAI SDKs send a list) and {@code image[0]}-style names. */
    private static final Pattern IMAGE_FIELD = Pattern.compile("image(\\[\\d*])?");

    private final ImagesConfig config;
    private final CallerFiles callerFiles;
    private final BotParameters botParameters;

    ImageRequests(ImagesConfig config, CallerFiles callerFiles, BotParameters botParameters) {
        this.config = config;
        this.callerFiles = callerFiles;
        this.botParameters = botParameters;
    }

    /** The body, prompt, model, n, response_format, stream, size. */
    public ImageGenerationCommand generation(ImageGenerationRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with a 'prompt'.");
        }
        String prompt = prompt(request.prompt());
        BotName bot = bot(request.model(), config.defaultBot());
        int n = n(request.n());
        ResponseFormat format = ResponseFormat.forGeneration(request, botParameters.isGptImage(bot));
        if (Boolean.TRUE.equals(request.stream())) {
            throw ApiException.invalidRequest("stream",
                    "Streaming image generation is not supported by this bridge; omit 'stream' or set it to false.");
        }
        ImageSettings settings = ImageSettings.of(request.size(), request.quality());
        return new ImageGenerationCommand(bot, prompt, n, format, botParameters.forBot(bot, settings));
    }

    /** The multipart edit: prompt, mask, image, then as {@link #form}. Blocking: it reads each image's first bytes. */
    public ImageEditCommand edit(ImageForm form, List<FileUpload> files) {
        String prompt = prompt(form.prompt);
        refuseMask(files.stream().anyMatch(f -> f.name().equals("mask")));
        List<FileUpload> images = files.stream().filter(f -> IMAGE_FIELD.matcher(f.name()).matches()).toList();
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("image", "'image' is required: one image file, or up to "
                    + config.maxImages() + " as 'image[]'.");
        }
        return form(form, config.editBot(), prompt, images);
    }

    /** The variation: exactly one image, then as {@link #form}. Blocking: it reads the image's first bytes. */
    public ImageEditCommand variation(ImageForm form, List<FileUpload> files) {
        List<FileUpload> images = files.stream().filter(f -> f.name().equals("image")).toList();
        if (images.size() != 1) {
            throw ApiException.invalidRequest("image", "'image' is required: exactly one image file.");
        }
        return form(form, config.variationBot(), config.variationPrompt(), images);
    }

    /** The JSON edit: the body, prompt, mask, stream, images (count, then each), model, n, response_format, size, URLs. */
    public ImageEditCommand edit(ImageEditJsonRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'images' and 'prompt'.");
        }
        String prompt = prompt(request.prompt());
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
        int n = n(request.n());
        ResponseFormat format = ResponseFormat.forEdit(request.responseFormat());
        ImageSettings settings = ImageSettings.of(request.size(), request.quality());
        // Data URLs are checked (shape, size, an image by their bytes) and http(s) URLs vetted now; Poe fetches them.
        CallerFiles.Batch batch = callerFiles.batch();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            keys.add(batch.add(urls.get(i), null, "image", "images[" + i + "].image_url",
                    config.maxImageSize().asLongValue(), true));
        }
        return new ImageEditCommand(bot, prompt, n, format, new ImageEditCommand.Urls(batch, keys),
                botParameters.forBot(bot, settings));
    }

    /** What the edit and variation forms share: image count, stream, model, n, response_format, size, each image. */
    private ImageEditCommand form(ImageForm form, String defaultBot, String prompt, List<FileUpload> images) {
        if (images.size() > config.maxImages()) {
            throw ApiException.invalidRequest("image", "At most " + config.maxImages() + " images; got " + images.size() + ".");
        }
        refuseStream("true".equalsIgnoreCase(form.stream));
        BotName bot = bot(form.model, defaultBot);
        int n = n(parseN(form.n));
        ResponseFormat format = ResponseFormat.forEdit(blankToNull(form.responseFormat));
        ImageSettings settings = ImageSettings.of(blankToNull(form.size), blankToNull(form.quality));
        long max = config.maxImageSize().asLongValue();
        List<IncomingFiles.IncomingFile> parts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            parts.add(IncomingFiles.image(images.get(i), i + 1, max));
        }
        return new ImageEditCommand(bot, prompt, n, format, new ImageEditCommand.Parts(parts),
                botParameters.forBot(bot, settings));
    }

    private String prompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' is required and must not be empty.");
        }
        if (prompt.length() > config.maxPromptLength()) {
            throw ApiException.invalidRequest("prompt", "'prompt' is " + prompt.length()
                    + " characters long; the maximum is " + config.maxPromptLength() + ".");
        }
        return prompt;
    }

    private static BotName bot(String model, String fallback) {
        return BotName.of(model == null || model.isBlank() ? fallback : model);
    }

    private static int n(Integer n) {
        if (n == null) {
            return 1;
        }
        if (n < 1 || n > MAX_N) {
            throw ApiException.invalidRequest("n", "'n' must be between 1 and " + MAX_N + "; got " + n + ".");
        }
        return n;
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
}
