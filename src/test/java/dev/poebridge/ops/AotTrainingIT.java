package dev.poebridge.ops;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.completion;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The JVM AOT cache's training run: with {@code -Paot} this is the one launch of the packaged bridge that records
 * (the other integration tests run without recording, see the pom), so {@code app.aot} holds what these calls load,
 * link and profile: the paths users hit right after a start. Each call is made several times so that the JIT's
 * profiles in the cache describe the steady path, not a one-off. Without {@code -Paot} it is an ordinary integration
 * test of the same calls.
 */
@QuarkusIntegrationTest
@WithTestResource(PoeStandInResource.class)
class AotTrainingIT {

    private static final int ROUNDS = 25;
    private static final byte[] CAT = PoeStandIn.file("cat.png");

    @InjectPoeStandIn
    PoeStandIn poe;

    @BeforeEach
    void bots() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        poe.bot("Editor", poe.fixture("image-only"));
    }

    @Test
    void walksTheCallsUsersMakeFirst() {
        for (int round = 0; round < ROUNDS; round++) {
            generateImage("{\"prompt\": \"a cat\"}").statusCode(200).body("data[0].url", notNullValue());
            String b64 = generateImage("{\"prompt\": \"a cat\", \"response_format\": \"b64_json\"}").statusCode(200)
                    .extract().path("data[0].b64_json");
            assertThat(Base64.getDecoder().decode(b64)).isEqualTo(CAT);
            chat("{\"model\": \"GPT-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").statusCode(200)
                    .body("choices[0].message.content", notNullValue());
            chat("{\"model\": \"GPT-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                    .statusCode(200).body(containsString("[DONE]"));
            chat("{\"model\": \"Imagen-3-Fast\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": "
                    + "\"a cat\"}]}").statusCode(200).body(containsString("cat.png"));
            completion("{\"model\": \"GPT-4o\", \"prompt\": \"hi\"}").statusCode(200);
            given().header("Authorization", "Bearer " + KEY).multiPart("image", "cat.png", CAT)
                    .multiPart("prompt", "make it blue").multiPart("model", "Editor")
                    .when().post("/v1/images/edits").then().statusCode(200).body("data[0].url", notNullValue());
            given().header("Authorization", "Bearer " + KEY).when().get("/v1/models").then().statusCode(200);
            given().when().get("/q/health/ready").then().statusCode(200);
        }
    }
}
