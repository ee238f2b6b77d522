package dev.poebridge.compat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link OpenAiSdkConversationsTest} against the packaged application: the jar here, the native executable where one
 * can be built ({@code ./mvnw verify -Pnative}).
 */
@QuarkusIntegrationTest
class OpenAiSdkConversationsIT extends OpenAiSdkConversationsTest {
}
