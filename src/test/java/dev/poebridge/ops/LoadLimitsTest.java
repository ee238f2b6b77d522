package dev.poebridge.ops;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.ScriptedPoe;
import dev.poebridge.testsupport.ScriptedPoeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Over the limits, callers get a fast 503 with Retry-After instead of waiting in a queue. */
@QuarkusTest
@TestProfile(LoadLimitsTest.OneAtATime.class)
class LoadLimitsTest {

    public static class OneAtATime extends ScriptedPoeProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("poe.max-concurrent-calls", "1");
            config.put("chat.max-open-streams", "1");
            config.put("poe.total-timeout", "20s");
            return config;
        }
    }

    @TestHTTPResource("/")
    URL bridge;

    @Test
    void aCallOverTheConcurrencyLimitIsRefusedAtOnce() throws Exception {
        ScriptedPoe poe = ScriptedPoe.instance();
        poe.resetSlowBot();
        String body = "{\"model\": \"Slow-Bot\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        try (Socket first = new Socket(bridge.getHost(), bridge.getPort())) {
            OutputStream out = first.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(poe.awaitSlowBotOpened(5)).isTrue();

            assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"model\": \"Gather-Bot\"}"), 503, "api_error", "overloaded")
                    .header("Retry-After", "1");
            assertOpenAiError(chat(body), 503, "api_error", "too_many_streams").header("Retry-After", "1");
        }
        assertThat(poe.awaitSlowBotClosed(3)).isTrue();
    }
}
