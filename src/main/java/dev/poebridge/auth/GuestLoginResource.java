package dev.poebridge.auth;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Jan's {@code POST /auth/guest-login}, also under {@code /v1}. The body ({@code {}} in Jan's requests) is not read, so
 * any body and content type are accepted. No key is needed: this is how a visitor without one gets a token.
 */
@Path(GuestLoginResource.PATH)
@Tag(name = "Guests", description = "Guest tokens that spend the server's Poe key, within limits")
@Produces(MediaType.APPLICATION_JSON)
public class GuestLoginResource {

    static final String PATH = "/auth/guest-login";
    static final String V1_PATH = "/v1" + PATH;

    private final GuestLogin login;

    GuestLoginResource(GuestLogin login) {
        this.login = login;
    }

    @Operation(summary = "Log in as a guest", description = "A new guest user_id and its RS256 access token "
            + "(no refresh token). 501 when guest login is off, 429 past the logins per address and hour.")
    @POST
    public Uni<GuestLogin.Token> login(HttpServerRequest http) {
        return login.login(http.remoteAddress().hostAddress());
    }

    /** The same login under {@code /v1}, where OpenAI clients' base URLs point. */
    @Path(GuestLoginResource.V1_PATH)
    public static class V1 extends GuestLoginResource {

        V1(GuestLogin login) {
            super(login);
        }
    }
}
