package dev.poebridge.images;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ImageStreamingTest} against the packaged application: the jar here, the native executable where one can be built
 * ({@code ./mvnw verify -Pnative}), with the Poe stand-in in the test process.
 */
@QuarkusIntegrationTest
class ImageStreamingIT extends ImageStreamingTest {
}
