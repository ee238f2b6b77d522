package dev.poebridge.security;

import java.util.List;

import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Pass-through: the caller's key is the Poe key, so it is the one Poe echoes. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class KeyScrubbingPassThroughTest extends KeyScrubbingTest {

    static final String CALLERS_POE_KEY = "callers-own-poe-key-7f3a9c2e5b81";

    @Override
    String presentedKey() {
        return CALLERS_POE_KEY;
    }

    @Override
    List<String> secrets() {
        return List.of(CALLERS_POE_KEY);
    }
}
