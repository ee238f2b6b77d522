package dev.poebridge.compat;

import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.testsupport.GuestProfile;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Jan's image generation guide (janhq/server, docs/guides/image-generation.md), request by request and byte for byte:
 * a guest logs in, lists the models, creates a conversation, chats in it, generates an image into it and one outside
 * it, reads the conversation and its items, and deletes it. Each step reads what the guide reads.
 */
@QuarkusTest
@TestProfile(JanImageGuideTest.JanSetup.class)
@WithTestResource(PoeStandInResource.class)
class JanImageGuideTest {

    /** Guests on, as Jan's deployments run them; the guide chats with a model from the list, so guests may use it. */
    public static class JanSetup extends GuestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("auth.guest.models", "Imagen-3-Fast,GPT-4o");
            config.put("auth.guest.requests-per-minute", "10");
            config.put("auth.guest.images-per-day", "20");
            config.put("auth.guest.max-images-per-request", "1");
            return config;
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void everyRequestOfTheGuideWorksUnchanged() {
        poe.bot("GPT-4o", poe.fixture("text-only"));

        // 1. POST /auth/guest-login {}
        String token = given().contentType(ContentType.JSON).body("{}").when().post("/auth/guest-login")
                .then().statusCode(200).body("access_token", startsWith("eyJ")).extract().path("access_token");

        // 2. GET /v1/models: the guide picks {{model_id}} from it
        String modelId = "GPT-4o";
        as(token).when().get("/v1/models").then().statusCode(200).body("data.id", hasItem(modelId));

        // 3. POST /v1/conversations {"title": ...}
        String conversationId = as(token).body("{\"title\":\"Image Generation Test Conversation\"}")
                .when().post("/v1/conversations").then().statusCode(200)
                .body("id", startsWith("conv_")).body("title", equalTo("Image Generation Test Conversation"))
                .extract().path("id");

        // 4. POST /v1/chat/completions in the conversation
        as(token).body("{\"model\":\"" + modelId + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Hello! I want to generate some images today.\"}],\"conversation\":{\"id\":\"" + conversationId
                + "\"},\"stream\":false,\"max_tokens\":100}")
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.role", equalTo("assistant"));

        // 5. POST /v1/images/generations into the conversation, no model: the default image bot serves it
        String imageUrl = as(token).body("{\"prompt\":\"A serene mountain landscape at sunset with vibrant orange and "
                + "purple sky, photorealistic\",\"n\":1,\"size\":\"1024x1024\",\"response_format\":\"url\","
                + "\"conversation_id\":\"" + conversationId + "\",\"store\":true}")
                .when().post("/v1/images/generations").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].url", startsWith("http")).body("data[0].id", startsWith("ig_"))
                .extract().path("data[0].url");
        // Guests spend the server's key, never one of their own.
        poe.wireMock().verify(queryTo("Imagen-3-Fast")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + GuestProfile.SERVER_POE_KEY)));

        // 6. POST /v1/images/generations outside any conversation, 512x512
        as(token).body("{\"prompt\":\"A cute robot holding a coffee cup, digital art style\",\"n\":1,"
                + "\"size\":\"512x512\",\"response_format\":\"url\"}")
                .when().post("/v1/images/generations").then().statusCode(200).body("data[0].url", startsWith("http"));

        // 7. GET the conversation's items: the chat exchange and the image, newest first
        as(token).when().get("/v1/conversations/" + conversationId + "/items").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(4))
                .body("data[0].type", equalTo("image_generation_call"))
                .body("data[0].result", equalTo(imageUrl))
                .body("data[1].content[0].text", startsWith("A serene mountain landscape"))
                .body("data[2].role", equalTo("assistant"))
                .body("data[3].content[0].text", equalTo("Hello! I want to generate some images today."));

        // 8. GET the conversation
        as(token).when().get("/v1/conversations/" + conversationId).then().statusCode(200)
                .body("id", equalTo(conversationId)).body("object", equalTo("conversation"));

        // 9. DELETE it; afterwards it is gone
        as(token).when().delete("/v1/conversations/" + conversationId).then().statusCode(200)
                .body("id", equalTo(conversationId)).body("object", equalTo("conversation.deleted"))
                .body("deleted", equalTo(true));
        as(token).when().get("/v1/conversations/" + conversationId).then().statusCode(404)
                .body("error.message", matchesPattern(".*not found.*"));
    }

    /** The guide's headers on every call after the login. */
    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
