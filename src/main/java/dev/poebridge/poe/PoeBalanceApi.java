package dev.poebridge.poe;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * Poe's point balance, {@code GET <base>/usage/current_balance} with {@code Authorization: Bearer <key>}: the
 * cheapest documented call that needs a real key, so the bridge asks it to learn whether a key is one. Read as text:
 * what a 200 holds is judged by the {@link KeyCheckClient}, so that a 200 that is not Poe's JSON is a failure of
 * Poe's, not a parse error. Transport settings: {@code poe-usage}.
 */
@RegisterRestClient(configKey = "poe-usage")
@Path("/usage/current_balance")
interface PoeBalanceApi {

    @GET
    Uni<String> balance(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** A failure status becomes a {@link PoeRejection}, classified by the {@link KeyCheckClient}. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PoeRejection.of(response);
    }
}
