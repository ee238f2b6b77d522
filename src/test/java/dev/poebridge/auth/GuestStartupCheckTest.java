package dev.poebridge.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.poebridge.config.GuestConfig;

/** The bridge refuses to start with guest login on and nothing for guests to spend, or half a key pair. */
class GuestStartupCheckTest {

    @Test
    void guestLoginWithoutTheServersPoeKeyStopsTheStartAndSaysWhy() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> GuestTokens.check(config(true, Optional.empty(), Optional.empty()), false));
        assertTrue(refused.getMessage().contains("POE_API_KEY"), refused.getMessage());
    }

    @Test
    void guestLoginWithTheServersPoeKeyStarts() {
        assertDoesNotThrow(() -> GuestTokens.check(config(true, Optional.empty(), Optional.empty()), true));
    }

    @Test
    void guestLoginOffNeedsNoServerKey() {
        assertDoesNotThrow(() -> GuestTokens.check(config(false, Optional.empty(), Optional.empty()), false));
    }

    @Test
    void aPrivateKeyWithoutItsPublicKeyStopsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> GuestTokens.check(config(true, Optional.of("key"), Optional.empty()), true));
        assertTrue(refused.getMessage().contains("auth.guest.public-key"), refused.getMessage());
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefused() {
        var one = RsaKeys.generate();
        var other = RsaKeys.generate();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RsaKeys.parse(RsaKeys.encode(one.getPrivate()), RsaKeys.encode(other.getPublic()), "the pair"));
        assertTrue(refused.getMessage().contains("does not belong"), refused.getMessage());
    }

    @Test
    void aPemKeyPairIsRead() {
        var pair = RsaKeys.generate();
        String privatePem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String publicPem = "-----BEGIN PUBLIC KEY-----\r\n" + java.util.Base64.getMimeEncoder().encodeToString(
                pair.getPublic().getEncoded()) + "\r\n-----END PUBLIC KEY-----";
        assertEquals(pair.getPublic(), RsaKeys.parse(privatePem, publicPem, "the pair").getPublic());
    }

    private static GuestConfig config(boolean enabled, Optional<String> privateKey, Optional<String> publicKey) {
        return new GuestConfig() {
            public boolean enabled() { return enabled; }
            public Duration tokenLifetime() { return Duration.ofHours(1); }
            public Optional<String> privateKey() { return privateKey; }
            public Optional<String> publicKey() { return publicKey; }
            public Optional<List<String>> models() { return Optional.empty(); }
            public int maxImagesPerRequest() { return 1; }
            public int requestsPerMinute() { return 10; }
            public int imagesPerDay() { return 20; }
            public int loginsPerHour() { return 10; }
        };
    }
}
