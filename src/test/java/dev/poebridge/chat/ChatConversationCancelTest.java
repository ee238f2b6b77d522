package dev.poebridge.chat;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.store.ConversationStore;
import dev.poebridge.testsupport.ScriptedPoe;
import dev.poebridge.testsupport.ScriptedPoeProfile;
import dev.poebridge.testsupport.StoredConversations;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A chat answer in a conversation that the caller abandons keeps nothing, neither the question nor the answer. */
@QuarkusTest
@TestProfile(ScriptedPoeProfile.class)
class ChatConversationCancelTest {

    @TestHTTPResource("/")
    URL bridge;

    @Inject
    ConversationStore store;

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = { true, false })
    void aCallerWhoLeavesBeforeTheAnswerIsCompleteKeepsNothing(boolean stream) throws Exception {
        StoredConversations conversations = new StoredConversations(store);
        String conversation = conversations.create();
        String body = "{\"model\": \"Slow-Bot\", \"stream\": " + stream + ", \"conversation\": \"" + conversation
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        ScriptedPoe poe = ScriptedPoe.instance();
        poe.resetSlowBot();
        try (Socket caller = new Socket(bridge.getHost(), bridge.getPort())) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(poe.awaitSlowBotOpened(5)).as("the bridge called Poe").isTrue();
        }
        assertThat(poe.awaitSlowBotClosed(2)).as("the Poe call was cancelled").isTrue();
        assertThat(conversations.items(conversation)).isEmpty();
    }
}
