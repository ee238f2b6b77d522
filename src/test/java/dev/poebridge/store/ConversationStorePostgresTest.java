package dev.poebridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same store on a real PostgreSQL that the test run starts ({@link PostgresProfile}). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ConversationStorePostgresTest extends ConversationStoreTest {

    @Test
    void aPostgresqlUrlSwitchesTheBridgeToPostgresql() {
        assertThat(database.postgresql()).isTrue();
    }
}
