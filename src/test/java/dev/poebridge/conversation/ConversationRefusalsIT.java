package dev.poebridge.conversation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConversationRefusalsTest} against the packaged application. */
@QuarkusIntegrationTest
class ConversationRefusalsIT extends ConversationRefusalsTest {
}
