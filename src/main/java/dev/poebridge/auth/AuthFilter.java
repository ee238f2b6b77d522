package dev.poebridge.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks the caller's key on every {@code POST /v1/...} before the body is read, so a missing key is reported as 401
 * even when the body is also wrong, as OpenAI does; and on every call under {@code /v1/conversations}, whose reads and
 * deletes are a caller's own. {@code GET /v1/models} stays open, like Poe's own list, and so does the guest login,
 * which is how a visitor without a key gets one.
 */
public class AuthFilter {

    private final CallerKeys keys;

    AuthFilter(CallerKeys keys) {
        this.keys = keys;
    }

    @ServerRequestFilter
    public void requireKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean needsKey = "POST".equals(request.getMethod()) && path.startsWith("/v1/")
                && !GuestLoginResource.V1_PATH.equals(path) || path.startsWith("/v1/conversations");
        if (needsKey) {
            keys.poeKey(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
    }
}
