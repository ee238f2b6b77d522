package dev.poebridge.conversations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ConversationsTest} against the packaged application and its own SQLite file: the jar here, the native
 * executable where one can be built ({@code ./mvnw verify -Pnative}).
 */
@QuarkusIntegrationTest
class ConversationsIT extends ConversationsTest {
}
