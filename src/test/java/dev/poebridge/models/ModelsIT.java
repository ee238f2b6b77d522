package dev.poebridge.models;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ModelsTest} against the packaged application: the jar here, the native executable where one can be built
 * ({@code ./mvnw verify -Pnative}), with the Poe stand-in in the test process.
 */
@QuarkusIntegrationTest
class ModelsIT extends ModelsTest {
}
