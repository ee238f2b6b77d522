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

import dev.poebridge.answer.HttpReply;
import dev.poebridge.auth.Caller;
import dev.poebridge.auth.CallerKeys;
import dev.poebridge.auth.GuestGate;
import dev.poebridge.openai.ChatCompletion;
import dev.poebridge.openai.ChatCompletionChunk;
import dev.poebridge.openai.ChatCompletionRequest;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /v1/chat/completions}, streamed or not, over any Poe bot. */
@Path("/v1/chat/completions")
@Tag(name = "Chat", description = "OpenAI's Chat Completions API over any Poe bot")
public class ChatResource {

    private final ChatService chat;
    private final MessageTranslator messages;
    private final CallerKeys keys;
    private final GuestGate guests;

    ChatResource(ChatService chat, MessageTranslator messages, CallerKeys keys, GuestGate guests) {
        this.guests = guests;
        this.chat = chat;
        this.messages = messages;
        this.keys = keys;
    }

    /**
     * One method for both shapes, because OpenAI distinguishes them by a body field. The reply's status and headers
     * are decided before the first byte is written. The key is checked first, then the request ({@link ChatCommand}),
     * then the conversation it names; only then is a guest admitted, so that a wrong conversation spends no quota.
     */
    @Operation(summary = "Create a chat completion", description = "JSON when stream is false; otherwise server-sent "
            + "chat.completion.chunk events ending with [DONE], or with an error object if the bot fails mid-stream.")
    @APIResponse(responseCode = "200", description = "The answer, whole or streamed", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = ChatCompletion.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(implementation = ChatCompletionChunk.class)) })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<Buffer> complete(ChatCompletionRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        Caller caller = keys.caller(authorization);
        ChatCommand command = ChatCommand.from(request, messages);
        return HttpReply.send(http, hold -> chat.complete(command, caller,
                guests.admit(caller, command.options().bot().value(), 1), hold));
    }
}
