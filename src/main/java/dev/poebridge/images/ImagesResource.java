package dev.poebridge.images;

import java.util.List;

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
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.auth.CallerKeys;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.ResponseHold;
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
public class ImagesResource {

    private final ImageGenerationService generations;
    private final ImageEditService edits;
    private final ImagesConfig config;
    private final CallerKeys keys;
    private final ObjectMapper mapper;

    ImagesResource(ImageGenerationService generations, ImageEditService edits, ImagesConfig config, CallerKeys keys,
            ObjectMapper mapper) {
        this.keys = keys;
        this.mapper = mapper;
        this.generations = generations;
        this.edits = edits;
        this.config = config;
    }

    @Operation(summary = "Create images", description = "One Poe query per image; the first image file of each reply is the image.")
    @APIResponse(responseCode = "200", description = "Exactly n images", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class)))
    @POST
    @Path("/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Multi<Buffer> generate(ImageGenerationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        requireEnabled();
        ResponseHold hold = ResponseHold.forRequest(http);
        return reply(generations.generate(request, keys.poeKey(authorization), hold), hold);
    }

    @Operation(summary = "Edit images", description = "Multipart: image or image[] (up to 16) and prompt; masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class)))
    /** Multipart, as the OpenAI SDKs send it. Blocking: the first bytes of each file are read to learn its type. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Multi<Buffer> edit(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        requireEnabled();
        ResponseHold hold = ResponseHold.forRequest(http);
        return reply(edits.edit(form.fields(), files, keys.poeKey(authorization), hold), hold);
    }

    @Operation(summary = "Edit images (JSON)", description = "images as https or base64 data URLs; file_id and masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class)))
    /** The newer JSON form: {@code images} as https or data URLs. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Multi<Buffer> edit(ImageEditJsonRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        requireEnabled();
        ResponseHold hold = ResponseHold.forRequest(http);
        return reply(edits.edit(request, keys.poeKey(authorization), hold), hold);
    }

    @Operation(summary = "Create image variations", description = "One image; the bot is asked with the configured variation prompt.")
    @APIResponse(responseCode = "200", description = "Exactly n images", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class)))
    @POST
    @Path("/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Multi<Buffer> vary(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        requireEnabled();
        ResponseHold hold = ResponseHold.forRequest(http);
        return reply(edits.vary(form.fields(), files, keys.poeKey(authorization), hold), hold);
    }

    /** The text fields of the edit and variation forms; the others (size, quality, ...) are ignored. */
    public static class Form {
        @RestForm
        String prompt;
        @RestForm
        String model;
        @RestForm
        String n;
        @RestForm("response_format")
        String responseFormat;
        @RestForm
        String stream;

        ImageEditService.Fields fields() {
            return new ImageEditService.Fields(prompt, model, n, responseFormat, stream);
        }
    }

    /** Status and headers from the outcome, then the JSON in pieces (see {@link ImagesReply}). */
    private Multi<Buffer> reply(Uni<ImagesResponse> images, ResponseHold hold) {
        return RestMulti.fromUniResponse(ImagesReply.of(images, hold, mapper), HttpReply::body, HttpReply::headers,
                HttpReply::status);
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw ApiException.notImplemented("image_generation_disabled",
                    "Image generation is disabled on this bridge (IMAGE_GENERATION_ENABLED=false).");
        }
    }
}
