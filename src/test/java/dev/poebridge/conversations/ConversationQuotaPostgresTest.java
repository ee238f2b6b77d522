package dev.poebridge.conversations;

import dev.poebridge.testsupport.SmallQuotaPostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConversationQuotaTest} with the bridge on a real PostgreSQL that the test run starts itself. */
@QuarkusTest
@TestProfile(SmallQuotaPostgresProfile.class)
class ConversationQuotaPostgresTest extends ConversationQuotaTest {
}
