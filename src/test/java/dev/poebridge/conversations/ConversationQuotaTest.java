package dev.poebridge.conversations;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SmallQuotaProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The storage quota per owner ({@code conversations.max-bytes-per-owner}, 64 KiB here): three items of 20,000
 * characters fit, a fourth does not. Every test is its own caller (a fresh key).
 */
@QuarkusTest
@TestProfile(SmallQuotaProfile.class)
@WithTestResource(PoeStandInResource.class)
class ConversationQuotaTest {

    private static final String ITEM = "{\"role\":\"user\",\"content\":\"" + "x".repeat(20_000) + "\"}";
    private static final String THREE = "{\"items\":[" + ITEM + "," + ITEM + "," + ITEM + "]}";
    private static final String ONE = "{\"items\":[" + ITEM + "]}";

    final String key = "quota-test-" + UUID.randomUUID();

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static RequestSpecification as(String callerKey) {
        return given().header("Authorization", "Bearer " + callerKey).contentType(ContentType.JSON);
    }

    static String fill(String callerKey) {
        return as(callerKey).body(THREE).post("/v1/conversations").then().log().ifValidationFails().statusCode(200)
                .extract().path("id");
    }

    static ValidatableResponse append(String callerKey, String conversation) {
        return as(callerKey).body(ONE).post("/v1/conversations/" + conversation + "/items").then().log().ifValidationFails();
    }

    static ValidatableResponse assertStorageFull(ValidatableResponse response) {
        return assertOpenAiError(response, 400, "invalid_request_error", "conversation_storage_full")
                .body("error.message", allOf(containsString("of the " + SmallQuotaProfile.QUOTA + " bytes allowed"),
                        containsString("Delete conversations")));
    }

    @Test
    void anAppendBeyondTheQuotaIs400AndStoresNothing() {
        String id = fill(key);
        assertStorageFull(append(key, id)).body("error.param", nullValue());
        as(key).get("/v1/conversations/" + id + "/items?limit=100").then().body("data", hasSize(3));
    }

    @Test
    void aNewConversationWithItemsBeyondTheQuotaIsNotCreated() {
        fill(key);
        assertStorageFull(as(key).body(ONE).post("/v1/conversations").then().log().ifValidationFails());
        as(key).get("/v1/conversations").then().body("data", hasSize(1));
    }

    @Test
    void deletingAConversationFreesItsRoom() {
        String full = fill(key);
        String other = as(key).body("{}").post("/v1/conversations").then().statusCode(200).extract().path("id");
        assertStorageFull(append(key, other));
        as(key).delete("/v1/conversations/" + full).then().statusCode(200);
        append(key, other).statusCode(200);
    }

    @Test
    void deletingAnItemFreesItsRoom() {
        String id = fill(key);
        String first = as(key).get("/v1/conversations/" + id + "/items?order=asc").then().extract().path("data[0].id");
        as(key).delete("/v1/conversations/" + id + "/items/" + first).then().statusCode(200);
        append(key, id).statusCode(200);
        assertStorageFull(append(key, id));
    }

    @Test
    void anotherOwnersStorageIsTheirOwn() {
        assertStorageFull(append(key, fill(key)));
        String stranger = "quota-test-" + UUID.randomUUID();
        fill(stranger);
    }

    @Test
    void aChatWhoseQuestionDoesNotFitIsRefusedBeforeTheBotIsAsked() {
        poe.bot("Chatty", poe.fixture("text-only"));
        String id = fill(key);
        assertStorageFull(chat(id, "y".repeat(10_000))).body("error.param", nullValue());
        assertThat(poe.queriesTo("Chatty")).isZero();
        as(key).get("/v1/conversations/" + id + "/items?limit=100").then().body("data", hasSize(3));
    }

    @Test
    void aChatAnswerThatDoesNotFitIs400SayingItWasNotKept() {
        poe.bot("Chatty", "event: text\ndata: {\"text\": \"" + "z".repeat(10_000) + "\"}\n\nevent: done\ndata: {}\n\n");
        String id = fill(key);
        assertStorageFull(chat(id, "and now?"))
                .body("error.param", equalTo("conversation"))
                .body("error.message", containsString("The answer could not be kept in conversation " + id));
        assertThat(poe.queriesTo("Chatty")).isOne();
        as(key).get("/v1/conversations/" + id + "/items?limit=100").then().body("data", hasSize(3));
    }

    @Test
    void imagesThatDoNotFitStillReachTheCallerWithoutIds() {
        poe.bot("Imagen-3-Fast", poe.fixture("image-only"));
        String id = fill(key);
        as(key).body("{\"prompt\":\"" + "a cat ".repeat(1000) + "\",\"response_format\":\"url\",\"store\":true,"
                + "\"conversation_id\":\"" + id + "\"}").post("/v1/images/generations").then().log().ifValidationFails()
                .statusCode(200).body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                .body("data[0]", not(hasKey("id")));
        as(key).get("/v1/conversations/" + id + "/items?limit=100").then().body("data", hasSize(3));
    }

    private ValidatableResponse chat(String conversation, String question) {
        return as(key).body("{\"model\":\"Chatty\",\"conversation\":\"" + conversation + "\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + question + "\"}]}").post("/v1/chat/completions").then()
                .log().ifValidationFails();
    }
}
