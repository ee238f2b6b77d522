package dev.poebridge.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PlaygroundFilesTest} against the packaged application: the page's files must be in the jar (and the binary). */
@QuarkusIntegrationTest
class PlaygroundFilesIT extends PlaygroundFilesTest {
}
