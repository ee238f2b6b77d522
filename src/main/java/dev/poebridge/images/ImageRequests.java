package dev.poebridge.images;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.conversation.ConversationTarget;
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

    /** OpenAI's bound on {@code partial_images}. */
    static final int MAX_PARTIAL_IMAGES = 3;

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

    /** The body, prompt, model, n, response_format, size, partial_images, conversation_id. */
    public ImageGenerationCommand generation(ImageGenerationRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with a 'prompt'.");
        }
        String prompt = prompt(request.prompt());
        BotName bot = bot(request.model(), config.defaultBot());
        int n = n(request.n());
        ResponseFormat format = ResponseFormat.forGeneration(request, botParameters.isGptImage(bot));
        ImageSettings settings = ImageSettings.of(request.size(), request.quality());
        ImageStreaming streaming = streaming(Boolean.TRUE.equals(request.stream()), "image_generation",
                request.partialImages(), settings);
        return new ImageGenerationCommand(bot, prompt, n, format, botParameters.forBot(bot, settings), streaming,
                ImageConversations.target(request.conversationId(), request.store(), streaming));
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
        return form(form, config.editBot(), prompt, images, "image_edit");
    }

    /** The variation: exactly one image, then as {@link #form}. Blocking: it reads the image's first bytes. */
    public ImageEditCommand variation(ImageForm form, List<FileUpload> files) {
        List<FileUpload> images = files.stream().filter(f -> f.name().equals("image")).toList();
        if (images.size() != 1) {
            throw ApiException.invalidRequest("image", "'image' is required: exactly one image file.");
        }
        return form(form, config.variationBot(), config.variationPrompt(), images, null);
    }

    /**
     * The JSON edit: the body, prompt, mask, images (count, then each), model, n, response_format, size,
     * partial_images, conversation_id, URLs.
     */
    public ImageEditCommand edit(ImageEditJsonRequest request) {
        if (request == null) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object with 'images' and 'prompt'.");
        }
        String prompt = prompt(request.prompt());
        refuseMask(request.mask() != null && !request.mask().isNull());
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
        ImageStreaming streaming = streaming(Boolean.TRUE.equals(request.stream()), "image_edit", request.partialImages(),
                settings);
        ConversationTarget conversation = ImageConversations.target(request.conversationId(), request.store(), streaming);
        // Data URLs are checked (shape, size, an image by their bytes) and http(s) URLs vetted now; Poe fetches them.
        CallerFiles.Batch batch = callerFiles.batch();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            keys.add(batch.add(urls.get(i), null, "image", "images[" + i + "].image_url",
                    config.maxImageSize().asLongValue(), true));
        }
        return new ImageEditCommand(bot, prompt, n, format, new ImageEditCommand.Urls(batch, keys),
                botParameters.forBot(bot, settings), streaming, conversation);
    }

    /**
     * What the edit and variation forms share: image count, stream (variations, whose {@code events} are null, have
     * none), model, n, response_format, size, partial_images, store, conversation_id (variations take none), each
     * image.
     */
    private ImageEditCommand form(ImageForm form, String defaultBot, String prompt, List<FileUpload> images,
            String events) {
        if (images.size() > config.maxImages()) {
            throw ApiException.invalidRequest("image", "At most " + config.maxImages() + " images; got " + images.size() + ".");
        }
        boolean stream = "true".equalsIgnoreCase(blankToNull(form.stream));
        if (stream && events == null) {
            throw ApiException.invalidRequest("stream", "Image variations are not streamed; omit 'stream' or set it to false.");
        }
        BotName bot = bot(form.model, defaultBot);
        int n = n(wholeNumber(form.n, "n"));
        ResponseFormat format = ResponseFormat.forEdit(blankToNull(form.responseFormat));
        ImageSettings settings = ImageSettings.of(blankToNull(form.size), blankToNull(form.quality));
        ImageStreaming streaming = streaming(stream, events, wholeNumber(form.partialImages, "partial_images"), settings);
        ConversationTarget conversation = ImageConversations.target(blankToNull(form.conversationId),
                ImageConversations.storeField(blankToNull(form.store)), streaming);
        if (conversation != null && events == null) {
            throw ApiException.invalidRequest("conversation_id", "Image variations are not kept in conversations; "
                    + "omit 'conversation_id'.");
        }
        long max = config.maxImageSize().asLongValue();
        List<IncomingFiles.IncomingFile> parts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            parts.add(IncomingFiles.image(images.get(i), i + 1, max));
        }
        return new ImageEditCommand(bot, prompt, n, format, new ImageEditCommand.Parts(parts),
                botParameters.forBot(bot, settings), streaming, conversation);
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

    /** How a stream is asked for, or null without {@code stream}; {@code partial_images} is checked either way. */
    private static ImageStreaming streaming(boolean stream, String events, Integer partialImages, ImageSettings settings) {
        int partials = partialImages == null ? 0 : partialImages;
        if (partials < 0 || partials > MAX_PARTIAL_IMAGES) {
            throw ApiException.invalidRequest("partial_images", "'partial_images' must be between 0 and "
                    + MAX_PARTIAL_IMAGES + "; got " + partials + ".");
        }
        return stream ? new ImageStreaming(events, partials, settings.quality() == null ? "auto" : settings.quality())
                : null;
    }

    /** A form field that holds a whole number, or null when it is absent. */
    private static Integer wholeNumber(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest(field, "'" + field + "' must be a whole number; got '" + value + "'.");
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
}
