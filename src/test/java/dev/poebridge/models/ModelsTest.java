package dev.poebridge.models;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /v1/models}: Poe's public list in OpenAI's shape, or the configured fallback. Caching is off here. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ModelsTest {

    /** Caching is off in the {@code test} profile only; the packaged bridge runs in {@code prod}. */
    static final String PACKAGED_BRIDGE_CACHES = "the packaged bridge keeps the list it fetched first (models.cache-ttl),"
            + " so a later failure of Poe is not seen";

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void listsPoesModelsInOpenAiShapeWithoutAKey() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains("Imagen-3-Fast", "GPT-4o", "StableDiffusionXL"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].created", equalTo(1718000000))
                .body("data[0].owned_by", equalTo("Google"));
    }

    @Test
    @DisabledOnIntegrationTest(PACKAGED_BRIDGE_CACHES)
    void fallsBackToTheConfiguredListWhenPoeFails() {
        poe.wireMock().stubFor(get(urlPathEqualTo("/v1/models")).willReturn(aResponse().withStatus(503)));
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("data.id", contains("Imagen-3-Fast", "Imagen-4-Ultra", "GPT-Image-1", "StableDiffusionXL",
                        "Nano-Banana", "GPT-4o", "Claude-Sonnet-4"))
                .body("data[0].owned_by", equalTo("poe"));
    }

    @Test
    @DisabledOnIntegrationTest(PACKAGED_BRIDGE_CACHES)
    void fallsBackWhenPoeCannotBeReached() {
        poe.wireMock().stubFor(get(urlPathEqualTo("/v1/models")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        given().when().get("/v1/models").then().statusCode(200).body("data[0].id", equalTo("Imagen-3-Fast"));
    }

    @Test
    void retrievesOneModel() {
        given().when().get("/v1/models/GPT-4o")
                .then().statusCode(200).body("id", equalTo("GPT-4o")).body("object", equalTo("model"));
    }

    @Test
    void anUnknownModelIs404() {
        assertOpenAiError(given().when().get("/v1/models/No-Such-Bot").then(), 404, "invalid_request_error",
                "model_not_found");
    }
}
