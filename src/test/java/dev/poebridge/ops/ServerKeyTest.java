package dev.poebridge.ops;

import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static dev.poebridge.testsupport.ServerHeldKeyProfile.OTHER_BRIDGE_KEY;
import static dev.poebridge.testsupport.ServerHeldKeyProfile.SERVER_POE_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.ServerHeldKeyProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A server-held Poe key, spent only for callers who present one of the bridge's keys. */
@QuarkusTest
@TestProfile(ServerHeldKeyProfile.class)
@WithTestResource(PoeStandInResource.class)
class ServerKeyTest {

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
        generate(OTHER_BRIDGE_KEY).statusCode(200);
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.equalTo("Bearer " + SERVER_POE_KEY)));
    }

    @Test
    void aBridgeKeyKeepsConversationsWithoutAKeyCheck() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + OTHER_BRIDGE_KEY).body("{}")
                .post("/v1/conversations").then().statusCode(200);
        given().header("Authorization", "Bearer " + OTHER_BRIDGE_KEY).get("/v1/conversations").then().statusCode(200);
        poe.wireMock().verify(0, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/usage/current_balance")));
    }

    @Test
    void anyOtherKeyIsRefusedAndNeverReachesPoe() {
        generate("bridge-key-gamma-unlisted").statusCode(401).body("error.code", equalTo("invalid_api_key"));
        generate("some-callers-own-poe-key").statusCode(401);
        generate(SERVER_POE_KEY).statusCode(401);
        poe.wireMock().verify(0, queryTo("Imagen-3-Fast"));
    }

    @Test
    void readinessSaysTheKeysAreServerHeld() {
        // by name: the database's own readiness check may come first
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'configuration' }.data.keys", equalTo("server-held"));
    }
}
