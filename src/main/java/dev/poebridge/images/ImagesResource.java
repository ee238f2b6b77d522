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
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ErrorResponse;
import dev.poebridge.openai.ImageEditJsonRequest;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.openai.ImagesResponse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

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
    @APIResponse(responseCode = "400", description = "Invalid input; `param` names the field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong key, or Poe rejected the key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "402", description = "The Poe account is out of points", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Poe refused the request for this account", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown bot (`model_not_found`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "A file or the body is too large", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Poe rate-limited the key (`Retry-After` passed on)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "501", description = "Image generation is disabled", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "Poe or the bot failed (the message names the bot)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The bridge is at its limit of Poe calls or streams (`Retry-After`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "Poe went silent or did not finish in time", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @POST
    @Path("/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImagesResponse> generate(ImageGenerationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireEnabled();
        return generations.generate(request, keys.poeKey(authorization));
    }

    @Operation(summary = "Edit images", description = "Multipart: image or image[] (up to 16) and prompt; masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    @APIResponse(responseCode = "400", description = "Invalid input; `param` names the field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong key, or Poe rejected the key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "402", description = "The Poe account is out of points", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Poe refused the request for this account", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown bot (`model_not_found`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "A file or the body is too large", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Poe rate-limited the key (`Retry-After` passed on)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "501", description = "Image generation is disabled", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "Poe or the bot failed (the message names the bot)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The bridge is at its limit of Poe calls or streams (`Retry-After`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "Poe went silent or did not finish in time", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    /** Multipart, as the OpenAI SDKs send it. Blocking: the first bytes of each file are read to learn its type. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<ImagesResponse> edit(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireEnabled();
        return edits.edit(form.fields(), files, keys.poeKey(authorization));
    }

    @Operation(summary = "Edit images (JSON)", description = "images as https or base64 data URLs; file_id and masks are refused.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    @APIResponse(responseCode = "400", description = "Invalid input; `param` names the field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong key, or Poe rejected the key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "402", description = "The Poe account is out of points", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Poe refused the request for this account", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown bot (`model_not_found`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "A file or the body is too large", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Poe rate-limited the key (`Retry-After` passed on)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "501", description = "Image generation is disabled", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "Poe or the bot failed (the message names the bot)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The bridge is at its limit of Poe calls or streams (`Retry-After`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "Poe went silent or did not finish in time", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    /** The newer JSON form: {@code images} as https or data URLs. */
    @POST
    @Path("/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImagesResponse> edit(ImageEditJsonRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireEnabled();
        return edits.edit(request, keys.poeKey(authorization));
    }

    @Operation(summary = "Create image variations", description = "One image; the bot is asked with the configured variation prompt.")
    @APIResponse(responseCode = "200", description = "Exactly n images")
    @APIResponse(responseCode = "400", description = "Invalid input; `param` names the field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong key, or Poe rejected the key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "402", description = "The Poe account is out of points", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Poe refused the request for this account", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown bot (`model_not_found`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "A file or the body is too large", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Poe rate-limited the key (`Retry-After` passed on)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "501", description = "Image generation is disabled", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "Poe or the bot failed (the message names the bot)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The bridge is at its limit of Poe calls or streams (`Retry-After`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "Poe went silent or did not finish in time", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @POST
    @Path("/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<ImagesResponse> vary(@BeanParam Form form, @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireEnabled();
        return edits.vary(form.fields(), files, keys.poeKey(authorization));
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
