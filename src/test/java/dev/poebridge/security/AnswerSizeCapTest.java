package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.completion;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SmallLimitsProfile;
import dev.poebridge.testsupport.SseReply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A bot that writes without end cannot fill the heap: what the bridge holds of an answer is capped
 * ({@code chat.max-answer-size}, 1M characters here), and past the cap the caller gets a 502 {@code answer_too_large}
 * naming the bot, in the response or, once a stream has begun, as its last event. The stand-in answers with 9 MB of
 * text.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
@TestProfile(SmallLimitsProfile.class)
class AnswerSizeCapTest {

    static final String CHATTY_BOT = "Chatty-Bot";

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    /** {@code megabytes} MB of text in 1000-character events, after {@code before}, then done. */
    static String textEvents(String before, int megabytes) {
        StringBuilder sse = new StringBuilder(before);
        String event = "event: text\ndata: {\"text\": \"" + "a".repeat(1000) + "\"}\n\n";
        for (int i = 0; i < megabytes * 1000; i++) {
            sse.append(event);
        }
        return sse.append("event: done\ndata: {}\n\n").toString();
    }

    static String ask(boolean stream) {
        return "{\"model\": \"" + CHATTY_BOT + "\", \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"talk\"}]}";
    }

    @Test
    void aWholeChatAnswerOverTheCapIs502NamingTheBot() {
        poe.bot(CHATTY_BOT, textEvents("", 9));
        assertOpenAiError(chat(ask(false)), 502, "api_error", "answer_too_large")
                .body("error.message", allOf(containsString(CHATTY_BOT), containsString("chat.max-answer-size")));
    }

    @Test
    void aWholeCompletionOverTheCapIs502() {
        poe.bot(CHATTY_BOT, textEvents("", 9));
        assertOpenAiError(completion("{\"model\": \"" + CHATTY_BOT + "\", \"prompt\": \"talk\"}"), 502, "api_error",
                "answer_too_large");
    }

    @Test
    void anImageBotWritingTextOverTheCapIs502() {
        poe.bot(CHATTY_BOT, textEvents("", 9));
        assertOpenAiError(generateImage("{\"model\": \"" + CHATTY_BOT + "\", \"prompt\": \"a cat\"}"), 502, "api_error",
                "answer_too_large");
    }

    @Test
    void aStreamThatMustHoldTextBackPastTheCapEndsWithAnInBandError() {
        // A bot that rewrites its answer twice is held until it ends; here it never ends within the cap.
        String rewriting = "event: text\ndata: {\"text\": \"Hxlo\"}\n\nevent: replace_response\ndata: {\"text\": \"Helo\"}\n\n"
                + "event: replace_response\ndata: {\"text\": \"Hallo\"}\n\n";
        poe.bot(CHATTY_BOT, textEvents(rewriting, 9));
        SseReply reply = streamed(chat(ask(true)));
        assertThat(reply.endsWithDone()).isFalse();
        List<JsonNode> events = reply.json();
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("error").path("code").asText()).isEqualTo("answer_too_large");
        assertThat(last.path("error").path("message").asText()).contains(CHATTY_BOT);
        assertThat(reply.content()).isEqualTo("Hxlo");
    }

    @Test
    void aStreamThatOnlyAppendsIsNotLimited() {
        poe.bot(CHATTY_BOT, textEvents("", 3));
        SseReply reply = streamed(chat(ask(true)));
        assertThat(reply.endsWithDone()).isTrue();
        assertThat(reply.content()).hasSize(3_000_000);
    }
}
