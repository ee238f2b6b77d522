package dev.poebridge.compat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Jan's image guide against the packaged application. */
@QuarkusIntegrationTest
class JanImageGuideIT extends JanImageGuideTest {
}
