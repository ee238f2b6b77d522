package dev.poebridge.images;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ResponseFormatsTest} against the packaged application. */
@QuarkusIntegrationTest
class ResponseFormatsIT extends ResponseFormatsTest {
}
