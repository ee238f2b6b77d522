package dev.poebridge.ops;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What operators see: request ids, health, metrics, the API description. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class OperationsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void everyResponseCarriesARequestIdAndACallersOwnIsKept() {
        generateImage("{\"prompt\": \"a cat\"}").statusCode(200).header("x-request-id", matchesPattern("req_[0-9a-f]{24}"));
        given().header("x-request-id", "client-abc.123").when().get("/v1/models")
                .then().header("x-request-id", equalTo("client-abc.123"));
        given().header("x-request-id", "bad id with spaces").when().get("/v1/models")
                .then().header("x-request-id", matchesPattern("req_[0-9a-f]{24}"));
        given().when().get("/v1/nothing").then().statusCode(404).header("x-request-id", matchesPattern("req_.*"));
    }

    @Test
    @DisabledOnIntegrationTest("reads the bridge's log records, which only a bridge in the test's own process has")
    void logLinesAboutARequestNameItsId() {
        List<ExtLogRecord> records;
        try (CapturedLogs logs = CapturedLogs.open()) {
            given().header("x-request-id", "trace-me-42").contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                    .body("{\"prompt\": \"a cat\", \"model\": \"No-Such-Bot\"}")
                    .when().post("/v1/images/generations").then().statusCode(404);
            records = logs.records().stream().map(ExtLogRecord.class::cast).toList();
        }
        assertThat(records).filteredOn(r -> r.getFormattedMessage().contains("No-Such-Bot"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getMdc("requestId")).isEqualTo("trace-me-42"));
    }

    @Test
    void isLiveAndReadyWithAWorkableConfiguration() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("configuration"));
    }

    @Test
    void exposesPrometheusMetricsPerEndpointAndPerBotWithoutKeys() {
        generateImage("{\"prompt\": \"a cat\"}").statusCode(200);
        generateImage("{\"prompt\": \"a cat\", \"model\": \"No-Such-Bot\"}").statusCode(404);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("http_server_requests_seconds_count{")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/v1/images/generations\"")
                .containsPattern("bridge_poe_calls_seconds_count\\{[^}]*bot=\"Imagen-3-Fast\"[^}]*outcome=\"ok\"")
                .containsPattern("bridge_poe_first_event_seconds_count\\{[^}]*bot=\"Imagen-3-Fast\"")
                .containsPattern("bridge_poe_first_file_seconds_count\\{[^}]*bot=\"Imagen-3-Fast\"")
                .containsPattern("bridge_poe_errors_total\\{[^}]*kind=\"model_not_found\"")
                .contains("bridge_streams_active")
                .doesNotContain(KEY);
    }

    @Test
    void describesEveryEndpointInOpenApiWithSwaggerUi() {
        String openapi = given().accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/v1/images/generations", "/v1/images/edits", "/v1/images/variations",
                "/v1/chat/completions", "/v1/completions", "/v1/models");
        given().accept("application/json").when().get("/q/openapi").then()
                .body("paths.'/v1/images/generations'.post.responses.'429'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/ErrorResponse"))
                .body("paths.'/v1/chat/completions'.post.responses", org.hamcrest.Matchers.hasKey("504"))
                .body("components.schemas.ErrorResponse.properties.error.required",
                        org.hamcrest.Matchers.contains("message", "type", "param", "code"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
