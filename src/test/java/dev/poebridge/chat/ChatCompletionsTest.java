package dev.poebridge.chat;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ChatCompletionsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void smoke() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        given().contentType(ContentType.JSON).accept(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                .body("{\"model\":\"GPT-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().log().all().statusCode(200)
                .body("choices[0].message.content", equalTo("I can't create images of that. Try another prompt."));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                .body("{\"model\":\"GPT-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().log().all().statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                .body("{\"model\":\"Nope\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().log().all().statusCode(404);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                .body("{\"model\":\"Nope\",\"stream\":true,\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().log().all().statusCode(400);
    }
}
