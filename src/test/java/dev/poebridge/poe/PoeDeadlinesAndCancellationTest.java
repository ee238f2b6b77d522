package dev.poebridge.poe;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.ScriptedPoe;
import dev.poebridge.testsupport.ScriptedPoeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Deadlines, cancellation and concurrency, observed at the Poe end of the connection (deadlines shortened by
 * {@link ScriptedPoeProfile}).
 */
@QuarkusTest
@TestProfile(ScriptedPoeProfile.class)
class PoeDeadlinesAndCancellationTest {

    @TestHTTPResource("/")
    URL bridge;

    @Test
    void aBotThatFallsSilentFailsWith504AfterTheIdleTimeout() {
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"model\": \"Silent-Bot\"}"), 504, "api_error",
                "upstream_timeout")
                .body("error.message", containsString("sent nothing for 1 s"));
    }

    @Test
    void aBotThatKeepsTalkingButNeverFinishesFailsWith504AtTheTotalDeadline() {
        ScriptedPoe.instance().resetSlowBot();
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"model\": \"Slow-Bot\"}"), 504, "api_error",
                "upstream_timeout")
                .body("error.message", containsString("did not finish within 4 s"));
    }

    @Test
    void aCallerWhoDisconnectsClosesThePoeConnectionAtOnce() throws Exception {
        ScriptedPoe poe = ScriptedPoe.instance();
        poe.resetSlowBot();
        String body = "{\"prompt\": \"a cat\", \"model\": \"Slow-Bot\"}";
        try (Socket caller = new Socket(bridge.getHost(), bridge.getPort())) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /v1/images/generations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(poe.awaitSlowBotOpened(5)).as("the bridge called Poe").isTrue();
        }
        // The bot would talk for a minute and the total deadline is 4 s away: only the caller's disconnect can
        // close the Poe connection within 2 s.
        assertThat(poe.awaitSlowBotClosed(2)).as("the Poe connection was closed after the caller left").isTrue();
    }

    @Test
    void nImagesAreQueriedConcurrently() {
        ScriptedPoe.instance().expectConcurrent(4);
        generateImage("{\"prompt\": \"a cat\", \"model\": \"Gather-Bot\", \"n\": 4}")
                .statusCode(200)
                .body("data", hasSize(4));
    }

    @Test
    void oneFailedQueryOfSeveralFailsTheWholeRequestInsteadOfReturningFewerImages() {
        ScriptedPoe.instance().resetOnceFailingBot();
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"model\": \"Once-Failing-Bot\", \"n\": 3}"), 502,
                "api_error", "upstream_error")
                .body("error.message", containsString("The bot crashed"));
    }
}
