package dev.poebridge.chat;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestMulti;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.openai.ChatCompletionRequest;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/** {@code POST /v1/chat/completions}, streamed or not, over any Poe bot. */
@Path("/v1/chat/completions")
public class ChatResource {

    private final ChatService chat;
    private final CallerKeys keys;

    ChatResource(ChatService chat, CallerKeys keys) {
        this.keys = keys;
        this.chat = chat;
    }

    /**
     * One method for both shapes, because OpenAI distinguishes them by a body field. The reply's status and headers
     * are decided by {@link ChatService} before the first byte is written.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<Buffer> complete(ChatCompletionRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return RestMulti.fromUniResponse(chat.complete(request, keys.poeKey(authorization)),
                HttpReply::body, HttpReply::headers, HttpReply::status);
    }
}
