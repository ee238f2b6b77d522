package dev.poebridge.error;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.PoeStandIn.errorEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Each way Poe can fail becomes its own status and OpenAI error. How the bot query API reports a bad key, an unknown
 * bot, a rate limit or an empty account is UNCONFIRMED, so each plausible form is tested: an HTTP status with a JSON
 * body, a status with an SSE error event, and an error event on a 200 stream.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class PoeFailureMappingTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    ValidatableResponse ask(String bot) {
        return generateImage("{\"prompt\": \"a cat\", \"model\": \"" + bot + "\"}");
    }

    @Nested
    class AsHttpStatuses {

        @ParameterizedTest(name = "Poe {0} -> {1} {3}")
        @CsvSource({
                "401, 401, invalid_request_error, invalid_api_key",
                "403, 401, invalid_request_error, invalid_api_key",
                "402, 402, insufficient_quota, insufficient_quota",
                "404, 404, invalid_request_error, model_not_found",
                "429, 429, rate_limit_error, rate_limit_exceeded",
                "408, 504, api_error, upstream_timeout",
                "500, 502, api_error, upstream_error",
                "503, 502, api_error, upstream_error",
                "418, 502, api_error, upstream_error",
        })
        void mapsEachPoeStatusToItsOwn(int poeStatus, int status, String type, String code) {
            poe.bot("Bot", json(poeStatus, "{\"error\": {\"message\": \"Poe says no\"}}"));
            assertOpenAiError(ask("Bot"), status, type, code).body("error.message", containsString("Poe says no"));
        }

        @Test
        void passesRetryAfterOnWith429() {
            poe.bot("Bot", json(429, "{\"error\": {\"message\": \"slow down\"}}").withHeader("Retry-After", "17"));
            assertOpenAiError(ask("Bot"), 429, "rate_limit_error", "rate_limit_exceeded")
                    .header("Retry-After", "17");
        }

        @Test
        void usesPoesRateLimitResetHeaderWhenThereIsNoRetryAfter() {
            poe.bot("Bot", json(429, "{}").withHeader("x-ratelimit-reset-requests", "2.5"));
            ask("Bot").statusCode(429).header("Retry-After", "3");
        }

        @Test
        void aBadRequestNamingAMissingModelIs404() {
            poe.bot("Ghost", json(400,
                    "{\"error\": {\"message\": \"Model 'Ghost' does not exist\", \"type\": \"invalid_request_error\", \"code\": \"model_not_found\"}}"));
            assertOpenAiError(ask("Ghost"), 404, "invalid_request_error", "model_not_found")
                    .body("error.param", equalTo("model"))
                    .body("error.message", containsString("Ghost"));
        }

        @Test
        void anyOtherBadRequestIsTheCallersInputWithPoesMessage() {
            poe.bot("Bot", json(400, "{\"detail\": \"prompt too long\"}"));
            assertOpenAiError(ask("Bot"), 400, "invalid_request_error", null)
                    .body("error.message", containsString("prompt too long"));
        }

        @Test
        void aNonSseSuccessIsReadForAnErrorCode() {
            poe.bot("Bot", json(200, "{\"error\": {\"message\": \"You've used up your points!\", \"code\": \"insufficient_quota\"}}"));
            assertOpenAiError(ask("Bot"), 402, "insufficient_quota", "insufficient_quota");
        }

        @Test
        void aNonSseSuccessWithoutAnErrorIsABadGatewayNamingTheContentType() {
            poe.bot("Bot", aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>hi</html>"));
            assertOpenAiError(ask("Bot"), 502, "api_error", "upstream_error")
                    .body("error.message", containsString("text/html"))
                    .body("error.message", containsString("'Bot'"));
        }

        @Test
        void aFailureStatusCarryingAnSseErrorEventUsesTheEventsText() {
            poe.bot("Bot", aResponse().withStatus(401).withHeader("Content-Type", "text/event-stream")
                    .withBody(errorEvent("{\"allow_retry\": false, \"text\": \"Invalid API key\"}")));
            assertOpenAiError(ask("Bot"), 401, "invalid_request_error", "invalid_api_key")
                    .body("error.message", containsString("Invalid API key"));
        }

        @Test
        void aPlainTextErrorBodyIsQuoted() {
            poe.bot("Bot", aResponse().withStatus(502).withHeader("Content-Type", "text/plain").withBody("bad gateway upstream"));
            ask("Bot").statusCode(502).body("error.message", containsString("bad gateway upstream"));
        }
    }

    @Nested
    class AsErrorEvents {

        @ParameterizedTest(name = "error_type {0} -> {1}")
        @CsvSource({
                "insufficient_fund, 402, insufficient_quota, insufficient_quota",
                "user_caused_error, 400, invalid_request_error, user_caused_error",
                "user_message_too_long, 400, invalid_request_error, user_message_too_long",
                "privacy_authorization_error, 403, permission_error, permission_denied",
        })
        void mapsPoesErrorTypes(String errorType, int status, String type, String code) {
            poe.bot("Bot", errorEvent("{\"allow_retry\": false, \"text\": \"Poe explains\", \"error_type\": \"" + errorType + "\"}"));
            assertOpenAiError(ask("Bot"), status, type, code).body("error.message", containsString("Poe explains"));
            assertThat(poe.queriesTo("Bot")).isEqualTo(1);
        }

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', value = {
                "The bot does not exist: Ghost-Bot | 404 | invalid_request_error | model_not_found",
                "Rate limit exceeded, try again later | 429 | rate_limit_error | rate_limit_exceeded",
                "You've used up your points! Visit https://poe.com/api/keys to get more. | 402 | insufficient_quota | insufficient_quota",
                "Invalid API key | 401 | invalid_request_error | invalid_api_key",
        })
        void readsTheWordingWhenPoeGivesNoErrorType(String text, int status, String type, String code) {
            poe.bot("Bot", errorEvent("{\"allow_retry\": false, \"text\": \"" + text + "\"}"));
            assertOpenAiError(ask("Bot"), status, type, code);
        }

        @Test
        void anUnclassifiedErrorIsABadGatewayNamingTheBot() {
            poe.bot("Bot", errorEvent("{\"allow_retry\": false, \"text\": \"Access denied\"}"));
            assertOpenAiError(ask("Bot"), 502, "api_error", "upstream_error")
                    .body("error.message", equalTo("Poe bot 'Bot' failed: Access denied"));
        }

        @Test
        void anErrorEventWithNoFieldsStillFailsClearly() {
            poe.bot("Bot", errorEvent("{}"));
            assertOpenAiError(ask("Bot"), 502, "api_error", "upstream_error");
        }
    }

    @Nested
    class BrokenReplies {

        @Test
        void aBotThatSendsNoImageIsABadGatewayQuotingItsAnswer() {
            poe.bot("Chatty", poe.fixture("text-only"));
            assertOpenAiError(ask("Chatty"), 502, "api_error", "no_image_returned")
                    .body("error.message", equalTo(
                            "Poe bot 'Chatty' returned no image. It answered: I can't create images of that. Try another prompt."));
        }

        @Test
        void aStreamThatEndsWithoutDoneIsABadGateway() {
            poe.bot("Cut", poe.fixture("no-done"));
            assertOpenAiError(ask("Cut"), 502, "api_error", "upstream_truncated");
        }

        @Test
        void aFileEventWithoutUrlIsAProtocolError() {
            poe.bot("Odd", poe.fixture("file-without-url"));
            assertOpenAiError(ask("Odd"), 502, "api_error", "upstream_protocol_error");
        }

        @Test
        void dataThatIsNotJsonIsAProtocolErrorAndNotRetried() {
            poe.bot("Odd", poe.fixture("data-not-json"));
            assertOpenAiError(ask("Odd"), 502, "api_error", "upstream_protocol_error");
            assertThat(poe.queriesTo("Odd")).isEqualTo(1);
        }

        @Test
        void aConnectionResetIsABadGateway() {
            poe.bot("Gone", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            assertOpenAiError(ask("Gone"), 502, "api_error", "upstream_unreachable");
        }

        @Test
        void garbageInsteadOfHttpIsABadGateway() {
            poe.bot("Gone", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
            ask("Gone").statusCode(502);
        }
    }

    @Nested
    class TheKey {

        @Test
        void neverAppearsInTheLogs() {
            List<String> lines = new CopyOnWriteArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    Formatter formatter = new SimpleFormatter();
                    lines.add(formatter.format(record));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger root = Logger.getLogger("");
            root.addHandler(capture);
            try {
                poe.bot("Echo", json(500, "{\"error\": {\"message\": \"bad key " + BridgeCalls.KEY + "\"}}"));
                ask("Echo").statusCode(502);
                poe.bot("Gone", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
                ask("Gone").statusCode(502);
                ask("No-Such-Bot").statusCode(404);
            } finally {
                root.removeHandler(capture);
            }
            assertThat(lines).as("log lines were captured").isNotEmpty();
            assertThat(lines).noneMatch(line -> line.contains(BridgeCalls.KEY));
        }

        @Test
        void neverAppearsInAnErrorEvenWhenPoeEchoesIt() {
            poe.bot("Bot", json(401, "{\"error\": {\"message\": \"Invalid key " + BridgeCalls.KEY + "\"}}"));
            ask("Bot").statusCode(401).body("error.message", not(containsString(BridgeCalls.KEY)));
        }
    }
}
