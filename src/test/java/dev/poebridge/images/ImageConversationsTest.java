package dev.poebridge.images;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.StoredConversations.STRANGER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.poebridge.store.ConversationStore;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.StoredConversations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** {@code conversation_id} and {@code store} on the images endpoints: what is kept, and what is refused. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ImageConversationsTest {

    static final byte[] PNG = PoeStandIn.file("cat.png");

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    ConversationStore store;

    StoredConversations conversations;

    @BeforeEach
    void stored() {
        conversations = new StoredConversations(store);
    }

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static RequestSpecification form() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    static ValidatableResponse edit(RequestSpecification form) {
        return form.when().post("/v1/images/edits").then().log().ifValidationFails();
    }

    @Nested
    class Generations {

        @Test
        void keepsThePromptAndEachImageAsItemsWhoseIdsTheDataEntriesCarry() {
            String conversation = conversations.create();
            JsonPath answer = generateImage("""
                    {"prompt": "a cat", "n": 2, "response_format": "url", "conversation_id": "%s", "store": true}"""
                    .formatted(conversation)).statusCode(200).extract().jsonPath();
            List<JsonNode> items = conversations.items(conversation);
            assertThat(items).hasSize(3);
            JsonNode prompt = items.get(0);
            assertThat(prompt.path("type").asText()).isEqualTo("message");
            assertThat(prompt.path("id").asText()).startsWith("msg_");
            assertThat(prompt.path("status").asText()).isEqualTo("completed");
            assertThat(prompt.path("role").asText()).isEqualTo("user");
            assertThat(prompt.path("content").toString()).isEqualTo("[{\"type\":\"input_text\",\"text\":\"a cat\"}]");
            for (int i = 0; i < 2; i++) {
                JsonNode call = items.get(i + 1);
                assertThat(call.path("type").asText()).isEqualTo("image_generation_call");
                assertThat(call.path("id").asText()).startsWith("ig_").isEqualTo(answer.getString("data[" + i + "].id"));
                assertThat(call.path("status").asText()).isEqualTo("completed");
                assertThat(call.path("result").asText()).isEqualTo(poe.baseUrl() + "/files/cat.png");
            }
            assertThat(items.get(1).path("id")).isNotEqualTo(items.get(2).path("id"));
        }

        @Test
        void keepsTheBase64TheCallerGotWhenAskedForB64Json() {
            String conversation = conversations.create();
            JsonPath answer = generateImage("""
                    {"prompt": "a cat", "response_format": "b64_json", "conversation_id": "%s"}"""
                    .formatted(conversation)).statusCode(200).extract().jsonPath();
            JsonNode call = conversations.items(conversation).get(1);
            assertThat(call.path("result").asText()).isEqualTo(answer.getString("data[0].b64_json"))
                    .isEqualTo(Base64.getEncoder().encodeToString(PNG));
            assertThat(call.path("output_format").asText()).isEqualTo("png");
            assertThat(call.path("id").asText()).isEqualTo(answer.getString("data[0].id"));
        }

        @Test
        void imagesOfAConversationDeletedWhileTheyWereMadeStillReachTheCallerWithoutIds() throws Exception {
            String conversation = conversations.create();
            poe.bot("Imagen-3-Fast", PoeStandIn.sse(poe.fixture("image-only")).withFixedDelay(2000));
            CompletableFuture<ValidatableResponse> answer = CompletableFuture.supplyAsync(() -> generateImage("""
                    {"prompt": "a cat", "response_format": "url", "conversation_id": "%s"}""".formatted(conversation)));
            while (poe.queriesTo("Imagen-3-Fast") == 0 && !answer.isDone()) {
                Thread.onSpinWait(); // until Poe is drawing: the conversation was found, the images are being made
            }
            store.delete(StoredConversations.OWNER, conversation).await().atMost(Duration.ofSeconds(10));

            answer.get(30, TimeUnit.SECONDS).statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                    .body("data[0]", not(hasKey("id")));
        }

        @Test
        void storeFalseKeepsNothingAndTheDataEntriesCarryNoId() {
            String conversation = conversations.create();
            generateImage("""
                    {"prompt": "a cat", "conversation_id": "%s", "store": false}""".formatted(conversation))
                    .statusCode(200).body("data[0]", not(hasKey("id")));
            assertThat(conversations.items(conversation)).isEmpty();
        }

        @Test
        void withoutAConversationTheDataEntriesCarryNoId() {
            generateImage("""
                    {"prompt": "a cat"}""").statusCode(200).body("data[0]", not(hasKey("id")));
        }

        @Test
        void anUnknownConversationIs404AndPoeIsNeverAsked() {
            assertOpenAiError(generateImage("""
                    {"prompt": "a cat", "conversation_id": "conv_nope"}"""), 404, "invalid_request_error", "not_found");
            assertThat(poe.callsBeyondTheModelList()).isEmpty();
        }

        @Test
        void anotherCallersConversationIs404AndGetsNothing() {
            String theirs = conversations.create(STRANGER, List.of());
            assertOpenAiError(generateImage("""
                    {"prompt": "a cat", "conversation_id": "%s"}""".formatted(theirs)), 404, "invalid_request_error",
                    "not_found");
            assertThat(poe.callsBeyondTheModelList()).isEmpty();
            assertThat(conversations.items(STRANGER, theirs)).isEmpty();
        }

        @Test
        void aFailedGenerationKeepsNothing() {
            poe.bot("Imagen-3-Fast", poe.fixture("text-only"));
            String conversation = conversations.create();
            generateImage("""
                    {"prompt": "a cat", "conversation_id": "%s"}""".formatted(conversation)).statusCode(502);
            assertThat(conversations.items(conversation)).isEmpty();
        }

        @Test
        void aStreamedGenerationCannotBeKeptAndIsRefusedBeforePoe() {
            String conversation = conversations.create();
            generateImage("""
                    {"prompt": "a cat", "stream": true, "conversation_id": "%s"}""".formatted(conversation))
                    .statusCode(400).body("error.param", equalTo("conversation_id"));
            assertThat(poe.callsBeyondTheModelList()).isEmpty();
        }
    }

    @Nested
    class Edits {

        @BeforeEach
        void editBot() {
            poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        }

        @Test
        void aMultipartEditKeepsThePromptAndTheImageAsTheCallerGotIt() {
            String conversation = conversations.create();
            JsonPath answer = edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "make it blue")
                    .multiPart("conversation_id", conversation)).statusCode(200).extract().jsonPath();
            List<JsonNode> items = conversations.items(conversation);
            assertThat(items).hasSize(2);
            assertThat(items.get(0).at("/content/0/text").asText()).isEqualTo("make it blue");
            assertThat(items.get(1).path("id").asText()).startsWith("ig_").isEqualTo(answer.getString("data[0].id"));
            assertThat(items.get(1).path("result").asText()).isEqualTo(answer.getString("data[0].b64_json"));
        }

        @Test
        void aMultipartStoreFalseKeepsNothingAndAnythingButTrueOrFalseIs400() {
            String conversation = conversations.create();
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")
                    .multiPart("conversation_id", conversation).multiPart("store", "false"))
                    .statusCode(200).body("data[0]", not(hasKey("id")));
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")
                    .multiPart("conversation_id", conversation).multiPart("store", "maybe"))
                    .statusCode(400).body("error.param", equalTo("store"));
            assertThat(conversations.items(conversation)).isEmpty();
        }

        @Test
        void anUnknownConversationIs404BeforeAnyUploadOrQuery() {
            String theirs = conversations.create(STRANGER, List.of());
            assertOpenAiError(edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")
                    .multiPart("conversation_id", theirs)), 404, "invalid_request_error", "not_found");
            poe.wireMock().verify(0, postRequestedFor(urlPathEqualTo("/upload")));
            assertThat(poe.callsBeyondTheModelList()).isEmpty();
        }

        @Test
        void theJsonEditKeepsItsPromptAndImageToo() {
            String conversation = conversations.create();
            JsonPath answer = given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("""
                    {"prompt": "make it green", "images": [{"image_url": "data:image/png;base64,%s"}],
                     "response_format": "url", "conversation_id": "%s"}"""
                    .formatted(Base64.getEncoder().encodeToString(PNG), conversation))
                    .when().post("/v1/images/edits").then().statusCode(200).extract().jsonPath();
            List<JsonNode> items = conversations.items(conversation);
            assertThat(items.get(0).at("/content/0/text").asText()).isEqualTo("make it green");
            assertThat(items.get(1).path("result").asText()).isEqualTo(answer.getString("data[0].url"));
            assertThat(items.get(1).path("id").asText()).isEqualTo(answer.getString("data[0].id"));
        }

        @Test
        void variationsAreNotKeptInConversations() {
            String conversation = conversations.create();
            form().multiPart("image", "cat.png", PNG).multiPart("conversation_id", conversation)
                    .when().post("/v1/images/variations").then().statusCode(400)
                    .body("error.param", equalTo("conversation_id"));
            assertThat(poe.callsBeyondTheModelList()).isEmpty();
        }
    }
}
