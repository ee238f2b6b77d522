package dev.poebridge.ops;

import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static io.restassured.RestAssured.given;

import java.util.Map;

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

/** A server key without bridge keys is never used: callers keep passing their own Poe keys. */
@QuarkusTest
@TestProfile(ServerKeyAloneTest.KeyAlone.class)
@WithTestResource(PoeStandInResource.class)
class ServerKeyAloneTest {

    public static class KeyAlone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.poe-api-key", "server-poe-key");
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @Test
    void theCallersKeyIsPassedThroughAndTheServerKeyIsNotUsed() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer callers-key")
                .body("{\"prompt\": \"a cat\"}").when().post("/v1/images/generations").then().statusCode(200);
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.equalTo("Bearer callers-key")));
        poe.wireMock().verify(0, queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.containing("server-poe-key")));
    }
}
