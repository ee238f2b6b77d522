package dev.poebridge.models;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ModelList;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/models} and {@code GET /v1/models/{model}}. Open without a key, like Poe's own list. */
@Path("/v1/models")
@Tag(name = "Models", description = "Poe's bots, from Poe's public list")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelCatalog catalog;

    ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "List models", description = "Poe's public model list (cached), or the configured fallback.")
    @GET
    public Uni<ModelList> list() {
        return catalog.models().map(ModelList::of);
    }

    @Operation(summary = "Retrieve a model")
    @GET
    @Path("/{model}")
    public Uni<ModelList.Model> get(@PathParam("model") String model) {
        return catalog.models().map(models -> models.stream()
                .filter(m -> m.id().equals(model))
                .findFirst()
                .orElseThrow(() -> ApiException.modelNotFound(model)));
    }
}
