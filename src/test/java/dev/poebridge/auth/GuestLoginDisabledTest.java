package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;

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
}
