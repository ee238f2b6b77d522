package dev.poebridge.ops;

import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A server-held Poe key, spent only for callers who present one of the bridge's keys. */
@QuarkusTest
@TestProfile(ServerKeyTest.ServerHeld.class)
@WithTestResource(PoeStandInResource.class)
class ServerKeyTest {

    public static class ServerHeld implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.poe-api-key", "server-poe-key", "auth.bridge-api-keys", "bridge-key-1,bridge-key-2");
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static io.restassured.response.ValidatableResponse generate(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .body("{\"prompt\": \"a cat\"}").when().post("/v1/images/generations").then();
    }

    @Test
    void aBridgeKeySpendsTheServersPoeKey() {
        generate("bridge-key-2").statusCode(200);
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.equalTo("Bearer server-poe-key")));
    }

    @Test
    void anyOtherKeyIsRefusedAndNeverReachesPoe() {
        generate("bridge-key-3").statusCode(401).body("error.code", equalTo("invalid_api_key"));
        generate("some-callers-own-poe-key").statusCode(401);
        generate("server-poe-key").statusCode(401);
        poe.wireMock().verify(0, queryTo("Imagen-3-Fast"));
    }

    @Test
    void readinessSaysTheKeysAreServerHeld() {
        given().when().get("/q/health/ready").then().statusCode(200).body("checks[0].data.keys", equalTo("server-held"));
    }
}
