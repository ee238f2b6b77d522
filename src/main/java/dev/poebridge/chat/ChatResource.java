package dev.poebridge.chat;

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
import org.jboss.resteasy.reactive.RestMulti;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.openai.ChatCompletion;
import dev.poebridge.openai.ChatCompletionChunk;
import dev.poebridge.openai.ChatCompletionRequest;
import dev.poebridge.openai.ErrorResponse;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/** {@code POST /v1/chat/completions}, streamed or not, over any Poe bot. */
@Path("/v1/chat/completions")
@Tag(name = "Chat", description = "OpenAI's Chat Completions API over any Poe bot")
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
    @Operation(summary = "Create a chat completion", description = "JSON when stream is false; otherwise server-sent "
            + "chat.completion.chunk events ending with [DONE], or with an error object if the bot fails mid-stream.")
    @APIResponse(responseCode = "200", description = "The answer, whole or streamed", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = ChatCompletion.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(implementation = ChatCompletionChunk.class)) })
    @APIResponse(responseCode = "400", description = "Invalid input; `param` names the field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong key, or Poe rejected the key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "402", description = "The Poe account is out of points", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Poe refused the request for this account", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown bot (`model_not_found`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "A file or the body is too large", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Poe rate-limited the key (`Retry-After` passed on)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "Poe or the bot failed (the message names the bot)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The bridge is at its limit of Poe calls or streams (`Retry-After`)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "Poe went silent or did not finish in time", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<Buffer> complete(ChatCompletionRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return RestMulti.fromUniResponse(chat.complete(request, keys.poeKey(authorization)),
                HttpReply::body, HttpReply::headers, HttpReply::status);
    }
}
