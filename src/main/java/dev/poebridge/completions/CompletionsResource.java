package dev.poebridge.completions;

import java.util.List;

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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.auth.Caller;
import dev.poebridge.auth.CallerKeys;
import dev.poebridge.auth.GuestGate;
import dev.poebridge.config.ChatConfig;
import dev.poebridge.openai.CompletionRequest;
import dev.poebridge.openai.TextCompletion;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/completions}, a Poe extension: OpenAI's legacy completion shape, answered by any Poe bot, with file
 * URLs in the text. Besides JSON it takes {@code multipart/form-data} with {@code prompt}, {@code model},
 * {@code stream} and any number of files, which are uploaded to Poe and attached (image-to-image).
 */
@Path("/v1/completions")
@Tag(name = "Completions", description = "Poe extension: the legacy completion shape, file URLs as text")
@Produces(MediaType.APPLICATION_OCTET_STREAM)
public class CompletionsResource {

    private final CompletionsService completions;
    private final ChatConfig config;
    private final CallerKeys keys;
    private final GuestGate guests;

    CompletionsResource(CompletionsService completions, ChatConfig config, CallerKeys keys, GuestGate guests) {
        this.guests = guests;
        this.completions = completions;
        this.config = config;
        this.keys = keys;
    }

    @Operation(summary = "Create a completion", description = "prompt as a string or an array of strings.")
    @APIResponse(responseCode = "200", description = "The answer, whole or streamed", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = TextCompletion.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(implementation = TextCompletion.class)) })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Multi<Buffer> complete(CompletionRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            HttpServerRequest http) {
        Caller caller = keys.caller(authorization);
        CompletionCommand command = CompletionCommand.from(request);
        return send(http, caller, command);
    }

    @Operation(summary = "Create a completion with files", description = "multipart: prompt, model, stream and any "
            + "number of files, uploaded to Poe and attached (image-to-image).")
    @APIResponse(responseCode = "200", description = "The answer, whole or streamed", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = TextCompletion.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(implementation = TextCompletion.class)) })
    /** Blocking because the first bytes of untyped files are read to learn their type. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Multi<Buffer> completeWithFiles(@RestForm String prompt, @RestForm String model, @RestForm String stream,
            @RestForm(FileUpload.ALL) List<FileUpload> files,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, HttpServerRequest http) {
        Caller caller = keys.caller(authorization);
        CompletionCommand command = CompletionCommand.fromForm(prompt, model, stream, files,
                config.maxFileSize().asLongValue());
        return send(http, caller, command);
    }

    private Multi<Buffer> send(HttpServerRequest http, Caller caller, CompletionCommand command) {
        return HttpReply.send(http, hold -> guests.admitted(caller, command.options().bot().value(), 1,
                () -> completions.complete(command, caller.poeKey(), hold)));
    }
}
