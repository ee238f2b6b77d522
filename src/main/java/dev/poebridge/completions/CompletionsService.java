package dev.poebridge.completions;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.answer.TextReplies;
import dev.poebridge.answer.TokenEstimate;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeQuery;
import io.smallrye.mutiny.Uni;

/**
 * The Poe extension behind {@code /v1/completions}: the prompt (and any uploaded files) as one user message, the
 * bot's answer as completion text, file URLs included as markdown links, so scripts get image URLs as plain text.
 */
@ApplicationScoped
public class CompletionsService {

    private final PoeClient poe;
    private final TextReplies replies;

    CompletionsService(PoeClient poe, TextReplies replies) {
        this.poe = poe;
        this.replies = replies;
    }

    public Uni<HttpReply> complete(CompletionCommand command, String apiKey, ResponseHold hold) {
        Uni<List<PoeQuery.Attachment>> attachments = command.files().isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(command.files().stream()
                        .map(file -> poe.uploadFile(file.path(), file.name(), file.contentType(), apiKey)).toList())
                        .andFailFast();
        return replies.answer(command.options(), CompletionFormat.INSTANCE, TokenEstimate.of(command.prompt()),
                attachments.map(uploaded -> List.of(PoeQuery.Message.of("user", command.prompt(), uploaded))),
                apiKey, hold);
    }
}
