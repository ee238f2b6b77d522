package dev.poebridge.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ChatCompletionsTest} against the packaged application: the jar here, the native executable where one can be built
 * ({@code ./mvnw verify -Pnative}), with the Poe stand-in in the test process.
 */
@QuarkusIntegrationTest
class ChatCompletionsIT extends ChatCompletionsTest {
}
