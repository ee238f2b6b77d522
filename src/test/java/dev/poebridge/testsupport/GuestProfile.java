package dev.poebridge.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Guest login on, in pass-through mode (a server Poe key, no bridge keys), with small limits and a signing key pair
 * from config, so that tests can sign tokens of their own (expired, or with another key) with {@link #SIGNING_KEYS}.
 */
public class GuestProfile implements QuarkusTestProfile {

    public static final String SERVER_POE_KEY = "server-poe-key-for-guests-7c31e9a0";

    /** The pair the bridge signs guest tokens with in this profile. */
    public static final KeyPair SIGNING_KEYS = rsaPair();

    public static final int REQUESTS_PER_MINUTE = 2;
    public static final int MAX_IMAGES_PER_REQUEST = 2;
    public static final int IMAGES_PER_DAY = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("auth.poe-api-key", SERVER_POE_KEY);
        config.put("auth.guest.enabled", "true");
        config.put("auth.guest.private-key", pem("PRIVATE KEY", SIGNING_KEYS.getPrivate().getEncoded()));
        config.put("auth.guest.public-key", Base64.getEncoder().encodeToString(SIGNING_KEYS.getPublic().getEncoded()));
        config.put("auth.guest.requests-per-minute", String.valueOf(REQUESTS_PER_MINUTE));
        config.put("auth.guest.max-images-per-request", String.valueOf(MAX_IMAGES_PER_REQUEST));
        config.put("auth.guest.images-per-day", String.valueOf(IMAGES_PER_DAY));
        config.put("auth.guest.logins-per-hour", "100000");
        return config;
    }

    public static KeyPair rsaPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM as operators paste it: armour and 64-character lines. */
    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
