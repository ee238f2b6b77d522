package dev.poebridge.conversations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import dev.poebridge.auth.Caller;
import dev.poebridge.store.ConversationStore;
import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * In pass-through mode the Conversations API keeps data only for keys Poe accepts: each key is shown to Poe's balance
 * call before its first conversation call is served, and remembered once accepted. Every test uses keys of its own, as
 * the bridge remembers accepted keys across tests.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class KeyCheckTest {

    private static final String BALANCE = "/usage/current_balance";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    ConversationStore store;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static String newKey(String what) {
        return what + "-" + UUID.randomUUID();
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    static RequestPatternBuilder checksOf(String key) {
        return getRequestedFor(urlPathEqualTo(BALANCE)).withHeader("Authorization", WireMock.equalTo("Bearer " + key));
    }

    void poeAnswersTheCheckOf(String key, ResponseDefinitionBuilder answer) {
        poe.wireMock().stubFor(get(urlPathEqualTo(BALANCE))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + key)).willReturn(answer));
    }

    static String ownerOf(String key) {
        return Caller.ofKey(key, key).owner();
    }

    /** Every call of the Conversations API, on a conversation {@code id} that exists for the key's owner. */
    static List<Function<RequestSpecification, Response>> everyCall(String id) {
        String items = "{\"items\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        String one = "/v1/conversations/" + id;
        return List.of(
                r -> r.body("{\"metadata\":{\"a\":\"b\"}," + items.substring(1)).post("/v1/conversations"),
                r -> r.get("/v1/conversations"),
                r -> r.get(one),
                r -> r.body("{\"metadata\":{\"c\":\"d\"}}").post(one),
                r -> r.body(items).post(one + "/items"),
                r -> r.get(one + "/items"),
                r -> r.get(one + "/items/msg_whatever"),
                r -> r.delete(one + "/items/msg_whatever"),
                r -> r.delete(one));
    }

    int conversationsOf(String key) {
        return store.list(ownerOf(key), 100, true, null).await().atMost(WAIT).data().size();
    }

    /** A conversation the key's owner already has (made straight in the store), so that reads have something to find. */
    String existingConversationOf(String key) {
        return store.create(ownerOf(key), Map.of(), "kept", List.of()).await().atMost(WAIT).id();
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void aKeyPoeRefusesIsA401OnEveryConversationCallAndNothingChanges(int poeStatus) {
        String key = newKey("made-up-key");
        poeAnswersTheCheckOf(key, aResponse().withStatus(poeStatus).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid API key\",\"type\":\"authentication_error\"}}"));
        String id = existingConversationOf(key);
        for (Function<RequestSpecification, Response> call : everyCall(id)) {
            assertOpenAiError(call.apply(as(key)).then().log().ifValidationFails(), 401, "invalid_request_error",
                    "invalid_api_key");
        }
        assertThat(conversationsOf(key)).isEqualTo(1);
        assertThat(store.items(ownerOf(key), id, 100, true, null).await().atMost(WAIT).data()).isEmpty();
        assertThat(store.find(ownerOf(key), id).await().atMost(WAIT).metadata()).isEmpty();
    }

    @Test
    void aRefusedKeyIsAskedAboutAgainOnItsNextCall() {
        String key = newKey("refused-key");
        poeAnswersTheCheckOf(key, aResponse().withStatus(401));
        as(key).get("/v1/conversations").then().statusCode(401);
        as(key).get("/v1/conversations").then().statusCode(401);
        poe.wireMock().verify(2, checksOf(key));
    }

    @Test
    void anAcceptedKeyIsCheckedOnceForManyCalls() {
        String key = newKey("good-key");
        String id = as(key).body("{}").post("/v1/conversations").then().statusCode(200).extract().path("id");
        as(key).get("/v1/conversations").then().statusCode(200).body("data.id", org.hamcrest.Matchers.contains(id));
        as(key).get("/v1/conversations/" + id).then().statusCode(200);
        as(key).body("{\"items\":[{\"role\":\"user\",\"content\":\"hi\"}]}").post("/v1/conversations/" + id + "/items")
                .then().statusCode(200);
        as(key).get("/v1/conversations/" + id + "/items").then().statusCode(200);
        poe.wireMock().verify(1, checksOf(key));
    }

    @Test
    void concurrentCallsWithANewKeyShareOneCheck() throws Exception {
        String key = newKey("new-key-in-a-hurry");
        // Poe's answer is held back so that the calls overlap; with or without overlap, one check is all there may be.
        poeAnswersTheCheckOf(key, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"current_point_balance\": 5}").withFixedDelay(1000));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = IntStream.range(0, 4)
                    .mapToObj(i -> callers.submit(() -> as(key).get("/v1/conversations").statusCode())).toList();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        poe.wireMock().verify(1, checksOf(key));
    }

    @Test
    void poeDownIsA502AndNothingIsStoredThenTheKeyIsCheckedAgain() {
        String key = newKey("key-while-poe-is-down");
        poeAnswersTheCheckOf(key, aResponse().withStatus(503).withBody("maintenance"));
        assertOpenAiError(as(key).body("{\"title\":\"lost\"}").post("/v1/conversations").then(), 502, "api_error",
                "upstream_error");
        poeAnswersTheCheckOf(key, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertOpenAiError(as(key).body("{\"title\":\"lost\"}").post("/v1/conversations").then(), 502, "api_error",
                "upstream_unreachable");
        assertThat(conversationsOf(key)).isZero();

        poe.reset(); // Poe is back: the key was never taken as good, so it is asked about now
        as(key).body("{}").post("/v1/conversations").then().statusCode(200);
        assertThat(conversationsOf(key)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "<html>Sign in</html>", "{\"balance\":\"unknown\"}", "" })
    void aBalanceAnswerThatIsNotPoesIsA502(String body) {
        String key = newKey("key-behind-a-portal");
        poeAnswersTheCheckOf(key, aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(body));
        assertOpenAiError(as(key).body("{}").post("/v1/conversations").then(), 502, "api_error",
                "upstream_protocol_error");
        assertThat(conversationsOf(key)).isZero();
    }

    @Test
    void aRateLimitedCheckIsA429WithPoesRetryAfter() {
        String key = newKey("busy-key");
        poeAnswersTheCheckOf(key, aResponse().withStatus(429).withHeader("Retry-After", "7"));
        assertOpenAiError(as(key).get("/v1/conversations").then(), 429, "rate_limit_error", "rate_limit_exceeded")
                .header("Retry-After", equalTo("7"));
    }

    @Test
    void theKeyIsNeverInAnAnswerOrALogLine() {
        String refused = newKey("echoed-refused-key");
        String failing = newKey("echoed-failing-key");
        poeAnswersTheCheckOf(refused, aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Invalid key " + refused + "\"}}"));
        poeAnswersTheCheckOf(failing, aResponse().withStatus(500).withBody("boom for Bearer " + failing));
        try (CapturedLogs logs = CapturedLogs.open()) {
            as(refused).body("{}").post("/v1/conversations").then().statusCode(401)
                    .body(not(containsString(refused)));
            as(failing).body("{}").post("/v1/conversations").then().statusCode(502)
                    .body(not(containsString(failing))).body("error.message", containsString("[redacted]"));
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(refused) || line.contains(failing));
        }
    }
}
