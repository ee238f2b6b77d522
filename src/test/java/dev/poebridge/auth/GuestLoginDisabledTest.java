package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.Guests;
import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Guest login is off unless the operator turns it on. (The stand-in only lets it share the default tests' bridge.) */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class GuestLoginDisabledTest {

    @Test
    void guestLoginIs501WhenOff() {
        assertOpenAiError(Guests.login("/auth/guest-login"), 501, "invalid_request_error", "guest_login_disabled");
        assertOpenAiError(Guests.login("/v1/auth/guest-login"), 501, "invalid_request_error", "guest_login_disabled");
    }

    @Test
    void theOpenApiDocumentDescribesGuestLoginAndItsRefusals() {
        for (String path : new String[] { "/auth/guest-login", "/v1/auth/guest-login" }) {
            given().accept("application/json").get("/q/openapi").then().statusCode(200)
                    .body("paths.'" + path + "'.post.summary", equalTo("Log in as a guest"))
                    .body("paths.'" + path + "'.post.responses.'501'.description", startsWith("Guest login is off"))
                    .body("paths.'" + path + "'.post.responses.'429'.content.'application/json'.schema.'$ref'",
                            equalTo("#/components/schemas/ErrorResponse"));
        }
    }
}
