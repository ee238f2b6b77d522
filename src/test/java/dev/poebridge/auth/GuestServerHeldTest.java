package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.store.SigningKeyStore;
import dev.poebridge.testsupport.Guests;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.ServerHeldKeyProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Guests beside bridge keys (server-held mode), with the signing key pair generated and kept in the database: bridge
 * keys keep working, other keys stay refused, and the stored pair is the one every later start uses.
 */
@QuarkusTest
@TestProfile(GuestServerHeldTest.GuestsAndBridgeKeys.class)
@WithTestResource(PoeStandInResource.class)
class GuestServerHeldTest {

    public static class GuestsAndBridgeKeys extends ServerHeldKeyProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("auth.guest.enabled", "true");
            return config;
        }
    }

    private static final String IMAGE = "{\"prompt\": \"a lighthouse\"}";

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    SigningKeyStore keys;

    @AfterEach
    void reset() {
        poe.reset();
    }

    @Test
    void guestsAndBridgeKeysBothSpendTheServersKey() {
        Guests.post(Guests.token(), "/v1/images/generations", IMAGE).statusCode(200);
        Guests.post(ServerHeldKeyProfile.BRIDGE_KEY, "/v1/images/generations", IMAGE).statusCode(200);
        poe.wireMock().verify(2, queryTo("Imagen-3-Fast")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + ServerHeldKeyProfile.SERVER_POE_KEY)));
    }

    @Test
    void aKeyThatIsNeitherABridgeKeyNorAGuestTokenIsStill401() {
        assertOpenAiError(Guests.post("some-poe-key", "/v1/images/generations", IMAGE), 401, "invalid_request_error",
                "invalid_api_key");
        assertEquals(0, poe.queriesTo("Imagen-3-Fast"));
    }

    @Test
    void theStoredSigningKeyIsTheOneEveryLaterStartLoads() throws Exception {
        SigningKeyStore.StoredPair stored = keys.loadOrCreate(GuestTokens.STORED_KEY_ID, () -> {
            throw new AssertionError("this start stored a pair already");
        }).await().atMost(Duration.ofSeconds(10));
        String token = Guests.token();
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(token);
        signature.setKey(RsaKeys.parse(stored.privateKey(), stored.publicKey(), "the stored pair").getPublic());
        assertTrue(signature.verifySignature());
    }

    @Test
    void theFirstPairStoredUnderANameWinsOverLaterOnes() {
        String id = "test-" + UUID.randomUUID();
        SigningKeyStore.StoredPair first = pair();
        SigningKeyStore.StoredPair second = pair();
        assertNotEquals(first, second);
        assertEquals(first, keys.loadOrCreate(id, () -> first).await().atMost(Duration.ofSeconds(10)));
        assertEquals(first, keys.loadOrCreate(id, () -> second).await().atMost(Duration.ofSeconds(10)));
    }

    private static SigningKeyStore.StoredPair pair() {
        var keys = RsaKeys.generate();
        return new SigningKeyStore.StoredPair(RsaKeys.encode(keys.getPrivate()), RsaKeys.encode(keys.getPublic()));
    }
}
