package dev.poebridge.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Calls to the bridge under test, as an OpenAI client makes them. */
public final class BridgeCalls {

    public static final String KEY = "poe-test-key-123";

    private BridgeCalls() {
    }

    public static ValidatableResponse generateImage(String json) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY).body(json)
                .when().post("/v1/images/generations")
                .then().log().ifValidationFails();
    }

    public static ValidatableResponse chat(String json) {
        return post("/v1/chat/completions", json);
    }

    public static ValidatableResponse completion(String json) {
        return post("/v1/completions", json);
    }

    public static ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY).body(json)
                .when().post(path)
                .then().log().ifValidationFails();
    }

    /** A streamed reply that answered 200 with an event stream, parsed. */
    public static SseReply streamed(ValidatableResponse response) {
        return SseReply.parse(response.statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString());
    }

    /** The response is an OpenAI error: all four keys present, with this status, type and code. */
    public static ValidatableResponse assertOpenAiError(ValidatableResponse response, int status, String type, String code) {
        return response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", hasKey("message"))
                .body("error", hasKey("param"))
                .body("error", hasKey("code"))
                .body("error.type", equalTo(type))
                .body("error.code", equalTo(code));
    }
}
