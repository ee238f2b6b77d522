package dev.poebridge.models;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ModelsCacheTest.Cached.class)
@WithTestResource(PoeStandInResource.class)
class ModelsCacheTest {

    public static class Cached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("models.cache-ttl", "600s");
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @Test
    void reusesPoesListInsteadOfAskingEveryTime() {
        for (int i = 0; i < 3; i++) {
            given().when().get("/v1/models").then().statusCode(200);
        }
        given().when().get("/v1/models/GPT-4o").then().statusCode(200);
        assertThat(poe.wireMock().findAll(getRequestedFor(urlPathEqualTo("/v1/models")))).hasSize(1);
    }
}
