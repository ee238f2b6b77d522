package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.GuestProfile;
import dev.poebridge.testsupport.Guests;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** Jan's guest login: a token that spends the server's key, verified on every call, within the guest limits. */
@QuarkusTest
@TestProfile(GuestProfile.class)
@WithTestResource(PoeStandInResource.class)
class GuestLoginTest {

    private static final String IMAGE = "{\"prompt\": \"a lighthouse\"}";

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void reset() {
        poe.reset();
    }

    @Test
    void loginAnswersANewGuestAndABearerToken() {
        for (String path : new String[] { "/auth/guest-login", "/v1/auth/guest-login" }) {
            Guests.login(path).statusCode(200)
                    .body("token_type", equalTo("Bearer"))
                    .body("expires_in", equalTo(3600))
                    .body("user_id", matchesPattern("guest-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                    .body("access_token", notNullValue())
                    .body("$", not(hasKey("refresh_token")));
        }
    }

    @Test
    void theTokenIsAnRs256JwtWhoseSubjectIsTheUserIdForAnHour() {
        ValidatableResponse login = Guests.login("/auth/guest-login").statusCode(200);
        String token = login.extract().path("access_token");
        JsonNode header = Guests.part(token, 0);
        JsonNode claims = Guests.part(token, 1);
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(login.extract().path("user_id").toString(), claims.path("sub").asText());
        assertEquals(GuestTokens.ISSUER, claims.path("iss").asText());
        assertEquals(3600, claims.path("exp").asLong() - claims.path("iat").asLong());
        assertTrue(Math.abs(claims.path("iat").asLong() - Instant.now().getEpochSecond()) < 60);
    }

    @Test
    void aGuestKeepsConversationsWithoutAKeyCheck() {
        String token = Guests.token();
        Guests.post(token, "/v1/conversations", "{}").statusCode(200);
        Guests.post(token, "/v1/conversations", "{\"title\":\"second\"}").statusCode(200);
        poe.wireMock().verify(0, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/usage/current_balance")));
    }

    @Test
    void aGuestGeneratesAnImageWithTheServersKey() {
        String token = Guests.token();
        Guests.post(token, "/v1/images/generations", IMAGE).statusCode(200).body("data.size()", equalTo(1));
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + GuestProfile.SERVER_POE_KEY)));
        poe.wireMock().verify(0, queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.containing(token)));
    }

    @Test
    void aGuestChatsWithAnAllowedModelOnTheServersKey() {
        Guests.post(Guests.token(), "/v1/chat/completions",
                "{\"model\": \"Imagen-3-Fast\", \"messages\": [{\"role\": \"user\", \"content\": \"a cat\"}]}")
                .statusCode(200);
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + GuestProfile.SERVER_POE_KEY)));
    }

    @Test
    void passThroughKeysStillWorkBesideGuests() {
        BridgeCalls.generateImage(IMAGE).statusCode(200);
        poe.wireMock().verify(1, queryTo("Imagen-3-Fast")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + BridgeCalls.KEY)));
    }

    @Test
    void anExpiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(7200);
        String expired = sign(GuestProfile.SIGNING_KEYS.getPrivate(), "guest-expired", past, past.plusSeconds(3600));
        assertOpenAiError(Guests.post(expired, "/v1/images/generations", IMAGE), 401, "invalid_request_error",
                "invalid_api_key").body("error.message", matchesPattern(".*expired.*"));
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void aTamperedTokenIs401() {
        String token = Guests.token();
        String[] parts = token.split("\\.");
        String otherGuest = Guests.part(token, 1).toString().replaceFirst("guest-[0-9a-f-]+", "guest-someone-else");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(otherGuest.getBytes());
        String otherSignature = parts[2].substring(0, 10) + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);
        for (String tampered : new String[] { parts[0] + "." + otherClaims + "." + parts[2],
                parts[0] + "." + parts[1] + "." + otherSignature }) {
            assertOpenAiError(Guests.post(tampered, "/v1/images/generations", IMAGE), 401, "invalid_request_error",
                    "invalid_api_key");
        }
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() {
        Instant now = Instant.now();
        String foreign = sign(GuestProfile.rsaPair().getPrivate(), "guest-foreign", now, now.plusSeconds(3600));
        assertOpenAiError(Guests.post(foreign, "/v1/images/generations", IMAGE), 401, "invalid_request_error",
                "invalid_api_key");
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void anUnsignedTokenIs401() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + GuestTokens.ISSUER
                + "\",\"sub\":\"guest-x\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}").getBytes());
        assertOpenAiError(Guests.post(header + "." + claims + ".", "/v1/images/generations", IMAGE), 401,
                "invalid_request_error", "invalid_api_key");
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void aModelOutsideTheGuestListIs403BeforePoeIsAsked() {
        String token = Guests.token();
        assertOpenAiError(Guests.post(token, "/v1/images/generations", "{\"model\": \"FLUX-pro-1.1\", \"prompt\": \"a cat\"}"),
                403, "invalid_request_error", "model_not_allowed").body("error.param", equalTo("model"));
        assertOpenAiError(Guests.post(token, "/v1/completions", "{\"model\": \"GPT-4o\", \"prompt\": \"hi\"}"),
                403, "invalid_request_error", "model_not_allowed");
        assertEquals(0, poe.queriesTo("FLUX-pro-1.1"));
        assertEquals(0, poe.queriesTo("GPT-4o"));
    }

    @Test
    void moreImagesThanAGuestMayAskForIs400NamingN() {
        assertOpenAiError(Guests.post(Guests.token(), "/v1/images/generations",
                "{\"prompt\": \"a cat\", \"n\": " + (GuestProfile.MAX_IMAGES_PER_REQUEST + 1) + "}"), 400,
                "invalid_request_error", "invalid_value").body("error.param", equalTo("n"));
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void requestsPastTheMinuteLimitAre429WithRetryAfter() {
        ValidatableResponse refused = Guests.inOneWindow(GuestGate.MINUTE, () -> {
            String token = Guests.token();
            for (int i = 0; i < GuestProfile.REQUESTS_PER_MINUTE; i++) {
                Guests.post(token, "/v1/images/generations", IMAGE).statusCode(200);
            }
            return Guests.post(token, "/v1/images/generations", IMAGE);
        });
        assertOpenAiError(refused, 429, "rate_limit_error", "guest_rate_limit");
        long retryAfter = Long.parseLong(refused.extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void conversationCallsCountAgainstTheMinuteLimitSoGuestsCannotFillTheDatabase() {
        ValidatableResponse refused = Guests.inOneWindow(GuestGate.MINUTE, () -> {
            String token = Guests.token();
            for (int i = 0; i < GuestProfile.REQUESTS_PER_MINUTE; i++) {
                Guests.post(token, "/v1/conversations", "{}").statusCode(200);
            }
            return Guests.post(token, "/v1/conversations", "{}");
        });
        assertOpenAiError(refused, 429, "rate_limit_error", "guest_rate_limit");
        assertTrue(Long.parseLong(refused.extract().header("Retry-After")) >= 1);
    }

    @Test
    void imagesPastTheDailyLimitAre429WithRetryAfterAndNeverReachPoe() {
        int n = GuestProfile.MAX_IMAGES_PER_REQUEST;
        ValidatableResponse refused = Guests.inOneWindow(GuestGate.DAY, () -> {
            String token = Guests.token();
            Guests.post(token, "/v1/images/generations", "{\"prompt\": \"a cat\", \"n\": " + n + "}").statusCode(200);
            poe.reset();
            return Guests.post(token, "/v1/images/generations", "{\"prompt\": \"a cat\", \"n\": " + n + "}");
        });
        assertOpenAiError(refused, 429, "rate_limit_error", "guest_daily_image_limit");
        long retryAfter = Long.parseLong(refused.extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter);
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    private static String sign(PrivateKey key, String subject, Instant issued, Instant expires) {
        return Jwt.issuer(GuestTokens.ISSUER).subject(subject).issuedAt(issued).expiresAt(expires).claim("guest", true)
                .jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }
}
