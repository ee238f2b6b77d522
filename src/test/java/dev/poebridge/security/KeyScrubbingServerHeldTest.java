package dev.poebridge.security;

import static dev.poebridge.testsupport.ServerHeldKeyProfile.BRIDGE_KEY;
import static dev.poebridge.testsupport.ServerHeldKeyProfile.OTHER_BRIDGE_KEY;
import static dev.poebridge.testsupport.ServerHeldKeyProfile.SERVER_POE_KEY;

import java.util.List;

import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.ServerHeldKeyProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A server-held Poe key: Poe echoes the server's key, and the bot may name any bridge key, the one this caller
 * presented included. None of them may come back.
 */
@QuarkusTest
@TestProfile(ServerHeldKeyProfile.class)
@WithTestResource(PoeStandInResource.class)
class KeyScrubbingServerHeldTest extends KeyScrubbingTest {

    @Override
    String presentedKey() {
        return BRIDGE_KEY;
    }

    @Override
    List<String> secrets() {
        return List.of(SERVER_POE_KEY, BRIDGE_KEY, OTHER_BRIDGE_KEY);
    }
}
