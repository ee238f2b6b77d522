package dev.poebridge.conversations;

import dev.poebridge.testsupport.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConversationsTest} with the bridge on a real PostgreSQL that the test run starts itself. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ConversationsPostgresTest extends ConversationsTest {
}
