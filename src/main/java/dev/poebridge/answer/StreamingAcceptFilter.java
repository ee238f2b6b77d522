package dev.poebridge.answer;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The text endpoints and the image generations and edits answer JSON or an event stream from one method, writing raw
 * bytes whose real content type is chosen per request ({@link HttpReply}). Quarkus would refuse such a method with 406
 * for clients that send {@code Accept: application/json} or, streaming images, {@code Accept: text/event-stream} (the
 * OpenAI SDKs do), so for these paths the Accept header is widened before matching; the reply still carries the right
 * {@code Content-Type}.
 */
public class StreamingAcceptFilter {

    @ServerRequestFilter(preMatching = true)
    public void acceptRawReplies(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ("POST".equals(request.getMethod())
                && (path.equals("/v1/chat/completions") || path.equals("/v1/completions")
                        || path.equals("/v1/images/generations") || path.equals("/v1/images/edits"))) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.WILDCARD);
        }
    }
}
