package dev.poebridge.images;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.auth.Caller;
import dev.poebridge.conversation.ConversationItems;
import dev.poebridge.conversation.ConversationTarget;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.ImageHeader;
import dev.poebridge.openai.ImagesResponse;
import dev.poebridge.store.ConversationStore;
import io.smallrye.mutiny.Uni;

/**
 * Images kept in a conversation ({@code conversation_id}, {@code store}, Jan's fields): the conversation is looked up
 * before the images are made, so that an unknown or foreign one is a 404 before any upload or Poe call; once all the
 * images are there, the prompt (a user message) and one {@code image_generation_call} per image are appended in one
 * transaction, and each {@code data[]} entry carries its item's id. A failed request appends nothing. A streamed
 * answer cannot be kept (a 400 naming {@code conversation_id}): its images go out before the request is done.
 */
@ApplicationScoped
class ImageConversations {

    private static final Logger LOG = Logger.getLogger(ImageConversations.class);

    private final ConversationStore store;

    ImageConversations(ConversationStore store) {
        this.store = store;
    }

    /** The conversation a request names, or null; a blank id counts as none. */
    static ConversationTarget target(String conversationId, Boolean store, ImageStreaming streaming) {
        if (conversationId == null || conversationId.isBlank()) {
            return null;
        }
        if (streaming != null) {
            throw ApiException.invalidRequest("conversation_id", "A streamed answer cannot be kept in a conversation: "
                    + "omit 'conversation_id' or 'stream'.");
        }
        return new ConversationTarget(conversationId, !Boolean.FALSE.equals(store));
    }

    /** The multipart {@code store} field: {@code true}, {@code false} or absent (null). */
    static Boolean storeField(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidRequest("store", "'store' must be true or false; got '" + value + "'.");
        };
    }

    /** The images {@code images} makes, kept in the command's conversation if it names one. */
    Uni<ImagesResponse> around(Caller caller, ImageCommand command, Supplier<Uni<ImagesResponse>> images) {
        ConversationTarget target = command.conversation();
        if (target == null) {
            return images.get();
        }
        String owner = caller.owner();
        Uni<ImagesResponse> made = store.find(owner, target.id()).chain(found -> images.get());
        return target.store() ? made.chain(response -> keep(owner, target.id(), command.prompt(), response)) : made;
    }

    private Uni<ImagesResponse> keep(String owner, String conversationId, String prompt, ImagesResponse response) {
        List<ObjectNode> items = new ArrayList<>();
        items.add(ConversationItems.userText(prompt));
        List<ImagesResponse.Image> images = new ArrayList<>();
        for (ImagesResponse.Image image : response.data()) {
            ObjectNode call = call(image);
            items.add(call);
            images.add(image.withId(call.get("id").textValue()));
        }
        // The images are made and paid for: if they cannot be kept (the conversation was deleted meanwhile, the
        // database is down), the caller still gets them, without ids, rather than an error that loses them.
        return store.append(owner, conversationId, items).map(stored -> new ImagesResponse(response.created(), images,
                response.outputFormat(), response.size()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Images made for conversation %s could not be kept in it: %s", conversationId,
                            failure.getMessage());
                    return response;
                });
    }

    /** The image as the caller gets it: base64 when the answer has {@code b64_json}, else its URL. */
    private static ObjectNode call(ImagesResponse.Image image) {
        if (image.b64Json() == null) {
            return ConversationItems.imageGenerationCall(image.url(), null, null);
        }
        ImageHeader header = ImageHeader.of(image.b64Json());
        return ConversationItems.imageGenerationCall(Base64.getEncoder().encodeToString(image.b64Json()),
                header.outputFormat().orElse(null), header.size().filter(ImageFacts.OPENAI_SIZES::contains).orElse(null));
    }
}
