package dev.poebridge.poe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.PoeStandIn.errorEvent;
import static dev.poebridge.testsupport.PoeStandIn.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A retryable failure is retried (once by default) while nothing of the answer has been passed on; never after,
 * and never for failures a retry cannot fix.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class PoeRetryTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    /** The bot fails first with {@code failure}, then answers with an image. */
    void failsOnceThenDraws(ResponseDefinitionBuilder failure) {
        poe.wireMock().resetScenarios();
        poe.wireMock().stubFor(post(urlPathEqualTo("/bot/Flaky")).inScenario("once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(failure).willSetStateTo("recovered"));
        poe.wireMock().stubFor(post(urlPathEqualTo("/bot/Flaky")).inScenario("once").whenScenarioStateIs("recovered")
                .willReturn(sse(poe.fixture("image-only"))));
    }

    ValidatableResponse askFlaky() {
        return generateImage("{\"prompt\": \"a cat\", \"model\": \"Flaky\"}");
    }

    @Test
    void retriesAPoeServerError() {
        failsOnceThenDraws(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody("{}"));
        askFlaky().statusCode(200).body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }

    @Test
    void retriesAnErrorEventThatAllowsRetry() {
        failsOnceThenDraws(sse(errorEvent("{\"allow_retry\": true, \"text\": \"Internal server error\"}")));
        askFlaky().statusCode(200);
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }

    @Test
    void treatsAMissingAllowRetryAsAllowed() {
        failsOnceThenDraws(sse(errorEvent("{\"text\": \"Internal server error\"}")));
        askFlaky().statusCode(200);
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }

    @Test
    void retriesABrokenConnection() {
        failsOnceThenDraws(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        askFlaky().statusCode(200);
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }

    @Test
    void retriesAStreamCutBeforeDoneThatHadNoContent() {
        failsOnceThenDraws(sse("event: meta\ndata: {\"content_type\": \"text/markdown\"}\n\n"));
        askFlaky().statusCode(200);
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        poe.bot("Down", aResponse().withStatus(500).withHeader("Content-Type", "text/plain").withBody("boom"));
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"model\": \"Down\"}"), 502, "api_error", "upstream_error");
        assertThat(poe.queriesTo("Down")).isEqualTo(2);
    }

    @Test
    void neverRetriesOnceTextHasBeenPassedOn() {
        poe.bot("Flaky", poe.fixture("text-then-error"));
        assertOpenAiError(askFlaky(), 502, "api_error", "upstream_error");
        assertThat(poe.queriesTo("Flaky")).isEqualTo(1);
    }

    @Test
    void neverRetriesAnErrorThatForbidsIt() {
        failsOnceThenDraws(sse(errorEvent("{\"allow_retry\": false, \"text\": \"Nope\"}")));
        assertOpenAiError(askFlaky(), 502, "api_error", "upstream_error");
        assertThat(poe.queriesTo("Flaky")).isEqualTo(1);
    }

    @Test
    void neverRetriesWhatARetryCannotFix() {
        failsOnceThenDraws(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("{}"));
        askFlaky().statusCode(401);
        failsOnceThenDraws(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody("{}"));
        askFlaky().statusCode(429);
        assertThat(poe.queriesTo("Flaky")).isEqualTo(2);
    }
}
