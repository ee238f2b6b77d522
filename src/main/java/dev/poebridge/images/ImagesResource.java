package dev.poebridge.images;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import dev.poebridge.auth.BearerKey;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ImageGenerationRequest;
import dev.poebridge.openai.ImagesResponse;
import io.smallrye.mutiny.Uni;

/** OpenAI's Images API, answered by Poe's image bots. */
@Path("/v1/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    private final ImageGenerationService generations;
    private final ImagesConfig config;

    ImagesResource(ImageGenerationService generations, ImagesConfig config) {
        this.generations = generations;
        this.config = config;
    }

    @POST
    @Path("/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImagesResponse> generate(ImageGenerationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireEnabled();
        return generations.generate(request, BearerKey.parse(authorization));
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw ApiException.notImplemented("image_generation_disabled",
                    "Image generation is disabled on this bridge (IMAGE_GENERATION_ENABLED=false).");
        }
    }
}
