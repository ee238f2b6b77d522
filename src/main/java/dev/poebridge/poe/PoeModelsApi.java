package dev.poebridge.poe;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Poe's public model list, {@code GET <base>/v1/models} (no key needed). Transport settings: {@code poe-models}. */
@RegisterRestClient(configKey = "poe-models")
@Path("/v1/models")
interface PoeModelsApi {

    @GET
    Uni<ModelList> list();

    /** A failure status becomes a {@link PoeRejection}, classified by the {@link ModelListClient}. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PoeRejection.of(response);
    }

    @RegisterForReflection
    record ModelList(List<Model> data) {
    }

    /** The fields the bridge passes on; Poe sends more (description, modalities, pricing). */
    @RegisterForReflection
    record Model(String id, Long created, String owned_by) {
    }
}
