package dev.poebridge.security;

import java.util.List;
import java.util.Map;

import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A server-held Poe key: Poe echoes the server's key, and the bot may name any bridge key, the one this caller
 * presented included. None of them may come back.
 */
@QuarkusTest
@TestProfile(KeyScrubbingServerHeldTest.ServerHeld.class)
@WithTestResource(PoeStandInResource.class)
class KeyScrubbingServerHeldTest extends KeyScrubbingTest {

    static final String SERVER_POE_KEY = "server-held-poe-key-4d1e8b6a2c90";
    static final String PRESENTED_BRIDGE_KEY = "bridge-key-alpha-5e2c7a9d14f3";
    static final String OTHER_BRIDGE_KEY = "bridge-key-beta-8b3f6d1e72a0";

    public static class ServerHeld implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.poe-api-key", SERVER_POE_KEY,
                    "auth.bridge-api-keys", PRESENTED_BRIDGE_KEY + "," + OTHER_BRIDGE_KEY);
        }
    }

    @Override
    String presentedKey() {
        return PRESENTED_BRIDGE_KEY;
    }

    @Override
    List<String> secrets() {
        return List.of(SERVER_POE_KEY, PRESENTED_BRIDGE_KEY, OTHER_BRIDGE_KEY);
    }
}
