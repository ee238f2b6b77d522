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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.ResponseHold;
import dev.poebridge.openai.ImageEditJsonRequest;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.openai.ImagesResponse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** OpenAI's Images API, answered by Poe's image bots. */
@Path("/v1/images")
@Tag(name = "Images", description = "OpenAI's Images API over Poe image bots")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    private final ImageGenerationService generations;
    private final ImageEditService edits;
    private final ImagesConfig config;
    private final CallerKeys keys;

    ImagesResource(ImageGenerationService generations, ImageEditService edits, ImagesConfig config, CallerKeys keys) {
        this.keys = keys;
        this.generations = generations;
        this.edits = edits;
        this.config = config;
    }

    @Operation(summary = "Create images", description = "One Poe query per image; the first image file of each reply is the image.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    @POST
    @Path("/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImagesResponse> generate(ImageGenerationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext http) {
        requireEnabled();
        return generations.generate(request, keys.poeKey(authorization), ResponseHold.of(http));
    }

    @Operation(summary = "Edit images", description = "Multipart: image or image[] (up to 16) and prompt; masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    /** Multipart, as the OpenAI SDKs send it. Blocking: the first bytes of each file are read to learn its type. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<ImagesResponse> edit(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext http) {
        requireEnabled();
        return edits.edit(form.fields(), files, keys.poeKey(authorization), ResponseHold.of(http));
    }

    @Operation(summary = "Edit images (JSON)", description = "images as https or base64 data URLs; file_id and masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    /** The newer JSON form: {@code images} as https or data URLs. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImagesResponse> edit(ImageEditJsonRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext http) {
        requireEnabled();
        return edits.edit(request, keys.poeKey(authorization), ResponseHold.of(http));
    }

    @Operation(summary = "Create image variations", description = "One image; the bot is asked with the configured variation prompt.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    @POST
    @Path("/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<ImagesResponse> vary(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext http) {
        requireEnabled();
        return edits.vary(form.fields(), files, keys.poeKey(authorization), ResponseHold.of(http));
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

    private void requireEnabled() {
        if (!config.enabled()) {
            throw ApiException.notImplemented("image_generation_disabled",
                    "Image generation is disabled on this bridge (IMAGE_GENERATION_ENABLED=false).");
        }
    }
}
