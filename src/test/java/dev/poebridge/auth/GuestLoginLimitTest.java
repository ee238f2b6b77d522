package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.GuestProfile;
import dev.poebridge.testsupport.Guests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** One client address may log in as a guest only so many times an hour. */
@QuarkusTest
@TestProfile(GuestLoginLimitTest.TwoLoginsAnHour.class)
class GuestLoginLimitTest {

    /** Two logins an hour, counted in a database of its own so that no other test's logins count. */
    public static class TwoLoginsAnHour extends GuestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("auth.guest.logins-per-hour", "2");
            config.put("db.url", "jdbc:sqlite:target/test-data/guest-logins-" + UUID.randomUUID() + ".db");
            return config;
        }
    }

    @Test
    void theThirdLoginFromOneAddressWithinTheHourIs429WithRetryAfter() {
        ValidatableResponse refused = Guests.inOneWindow(GuestGate.HOUR, () -> {
            Guests.login("/auth/guest-login").statusCode(200);
            Guests.login("/v1/auth/guest-login").statusCode(200);
            return Guests.login("/auth/guest-login");
        });
        assertOpenAiError(refused, 429, "rate_limit_error", "guest_login_limit");
        long retryAfter = Long.parseLong(refused.extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
    }
}
