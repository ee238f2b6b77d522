package dev.poebridge.images;

import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.ReplyStream;
import dev.poebridge.auth.Caller;
import dev.poebridge.auth.CallerKeys;
import dev.poebridge.auth.GuestGate;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.openai.ImageEditJsonRequest;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.openai.ImagesResponse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** OpenAI's Images API, answered by Poe's image bots. */
@Path("/v1/images")
@Tag(name = "Images", description = "OpenAI's Images API over Poe image bots")
// Octet stream: the reply's own headers say application/json; declared as JSON, Quarkus would write the pieces of a
// Multi as the items of a JSON array.
@Produces(MediaType.APPLICATION_OCTET_STREAM)
@APIResponse(responseCode = "200", description = "Exactly n images", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ImagesResponse.class)))
public class ImagesResource {

    private final ImageRequests requests;
    private final ImageGenerationService generations;
    private final ImageEditService edits;
    private final ImagesConfig config;
    private final CallerKeys keys;
    private final ObjectMapper mapper;
    private final ReplyStream replies;
    private final GuestGate guests;
    private final ImageConversations conversations;

    ImagesResource(ImageRequests requests, ImageGenerationService generations, ImageEditService edits,
            ImagesConfig config, CallerKeys keys, ObjectMapper mapper, ReplyStream replies, GuestGate guests,
            ImageConversations conversations) {
        this.guests = guests;
        this.requests = requests;
        this.generations = generations;
        this.edits = edits;
        this.config = config;
        this.keys = keys;
        this.mapper = mapper;
        this.replies = replies;
        this.conversations = conversations;
    }

    @Operation(summary = "Create images", description = "One Poe query per image; the first image file of each reply is the image.")
    @POST
    @Path("/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Multi<Buffer> generate(ImageGenerationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        return answer(authorization, http, () -> requests.generation(request), generations::generate,
                generations::stream);
    }

    /** Multipart, as the OpenAI SDKs send it. Blocking: the first bytes of each file are read to learn its type. */
    @Operation(summary = "Edit images", description = "Multipart: image or image[] (up to 16) and prompt; masks are refused.")
    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Multi<Buffer> edit(@BeanParam ImageForm form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        return answer(authorization, http, () -> requests.edit(form, files), edits::edit, edits::stream);
    }

    /** The newer JSON form: {@code images} as https or data URLs. */
    @Operation(summary = "Edit images (JSON)", description = "images as https or base64 data URLs; file_id and masks are refused.")
    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Multi<Buffer> edit(ImageEditJsonRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        return answer(authorization, http, () -> requests.edit(request), edits::edit, edits::stream);
    }

    @Operation(summary = "Create image variations", description = "One image; the bot is asked with the configured variation prompt.")
    @POST
    @Path("/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Multi<Buffer> vary(@BeanParam ImageForm form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        return answer(authorization, http, () -> requests.variation(form, files), edits::edit, edits::stream);
    }

    /** A service of the images endpoints: a checked command in, the images (or their events) out. */
    private interface Service<C, R> {
        R run(C command, String apiKey, ResponseHold hold);
    }

    /**
     * In this order: the images endpoints enabled, the key, the request ({@link ImageRequests}); then the images, with
     * status and headers from the outcome and the JSON in pieces ({@link ImagesReply}), kept in the request's
     * conversation if it names one ({@link ImageConversations}), or their events in a stream
     * owned by {@link ReplyStream}, whose status waits for the first event.
     */
    private <C extends ImageCommand> Multi<Buffer> answer(String authorization, HttpServerRequest http,
            Supplier<C> check, Service<C, Uni<ImagesResponse>> service, Service<C, Multi<ImageStream.Event>> stream) {
        if (!config.enabled()) {
            throw ApiException.notImplemented("image_generation_disabled",
                    "Image generation is disabled on this bridge (IMAGE_GENERATION_ENABLED=false).");
        }
        Caller caller = keys.caller(authorization);
        String key = caller.poeKey();
        C command = check.get();
        ImageStreaming streaming = command.streaming();
        if (streaming != null) {
            return HttpReply.send(http, hold -> guests.admitted(caller, command.bot().value(), command.n(),
                    () -> Uni.createFrom().deferred(() -> replies.open(stream.run(command, key, hold),
                            events -> ImageStream.frames(events, streaming, mapper), hold))
                            .onFailure().recoverWithItem(failure -> HttpReply.failure(failure, mapper))));
        }
        // The conversation is checked first, so a guest's quota is not spent on a request that names a wrong one.
        return HttpReply.send(http, hold -> ImagesReply.of(conversations.around(caller, command,
                () -> guests.admit(caller, command.bot().value(), command.n()).chain(() -> service.run(command, key, hold))),
                hold, mapper));
    }
}
