package dev.poebridge.chat;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.testsupport.ScriptedPoe;
import dev.poebridge.testsupport.ScriptedPoeProfile;
import dev.poebridge.testsupport.SseReply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Long-lived chat streams: heartbeats while the bot is silent, the deadline, and the caller going away. */
@QuarkusTest
@TestProfile(ScriptedPoeProfile.class)
class ChatStreamLifecycleTest {

    @TestHTTPResource("/")
    URL bridge;

    static String ask(String bot) {
        return ask(bot, true);
    }

    static String ask(String bot, boolean stream) {
        return "{\"model\": \"" + bot + "\", \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
    }

    @Test
    void aSilentBotGetsHeartbeatsThenTheStreamEndsWithATimeoutError() {
        SseReply reply = streamed(chat(ask("Silent-Bot")));
        assertThat(reply.comments()).as("keep-alive comments while the bot was silent").isGreaterThanOrEqualTo(2);
        JsonNode last = reply.json().get(reply.json().size() - 1);
        assertThat(last.at("/error/code").asText()).isEqualTo("upstream_timeout");
        assertThat(last.at("/error/type").asText()).isEqualTo("api_error");
        assertThat(reply.endsWithDone()).isFalse();
    }

    @Test
    void aCallerWhoDisconnectsFromAStreamClosesThePoeConnectionAtOnce() throws Exception {
        callThenHangUp(ask("Slow-Bot", true), true);
    }

    @Test
    void aCallerWhoDisconnectsBeforeAWholeAnswerClosesThePoeConnectionAtOnce() throws Exception {
        callThenHangUp(ask("Slow-Bot", false), false);
    }

    private void callThenHangUp(String body, boolean waitForStatus) throws Exception {
        ScriptedPoe poe = ScriptedPoe.instance();
        poe.resetSlowBot();
        try (Socket caller = new Socket(bridge.getHost(), bridge.getPort())) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(poe.awaitSlowBotOpened(5)).as("the bridge called Poe").isTrue();
            if (waitForStatus) {
                InputStream in = caller.getInputStream();
                byte[] head = new byte[12];
                assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
        }
        assertThat(poe.awaitSlowBotClosed(2)).as("the Poe connection was closed after the caller left").isTrue();
    }
}
