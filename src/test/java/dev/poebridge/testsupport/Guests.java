package dev.poebridge.testsupport;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Guest logins and calls with guest tokens, as Jan makes them. */
public final class Guests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Guests() {
    }

    /** {@code POST /auth/guest-login} with {@code {}}, as Jan sends it. */
    public static ValidatableResponse login(String path) {
        return given().contentType(ContentType.JSON).body("{}").when().post(path).then().log().ifValidationFails();
    }

    /** A new guest's access token. */
    public static String token() {
        return login("/auth/guest-login").statusCode(200).extract().path("access_token");
    }

    public static ValidatableResponse post(String token, String path, String json) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(json)
                .when().post(path).then().log().ifValidationFails();
    }

    /** Part {@code index} of a JWT (0 the header, 1 the claims), decoded. */
    public static JsonNode part(String jwt, int index) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What {@code run} returns, run again (once) when a calendar window of {@code windowMillis} ended while it ran:
     * a limit counted per window resets then, so the run would not show what it tests.
     */
    public static <T> T inOneWindow(long windowMillis, Supplier<T> run) {
        for (int attempt = 0; ; attempt++) {
            long start = System.currentTimeMillis() / windowMillis;
            T result = run.get();
            if (System.currentTimeMillis() / windowMillis == start || attempt == 1) {
                return result;
            }
        }
    }
}
