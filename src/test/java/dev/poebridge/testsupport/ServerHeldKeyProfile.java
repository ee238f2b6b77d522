package dev.poebridge.testsupport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bridge holding the Poe key itself ({@code auth.poe-api-key}) and admitting callers by two bridge keys
 * ({@code auth.bridge-api-keys}).
 */
public class ServerHeldKeyProfile implements QuarkusTestProfile {

    public static final String SERVER_POE_KEY = "server-held-poe-key-4d1e8b6a2c90";
    public static final String BRIDGE_KEY = "bridge-key-alpha-5e2c7a9d14f3";
    public static final String OTHER_BRIDGE_KEY = "bridge-key-beta-8b3f6d1e72a0";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("auth.poe-api-key", SERVER_POE_KEY, "auth.bridge-api-keys", BRIDGE_KEY + "," + OTHER_BRIDGE_KEY);
    }
}
