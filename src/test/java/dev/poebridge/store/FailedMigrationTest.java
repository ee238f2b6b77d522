package dev.poebridge.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.poebridge.error.ApiException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A schema that cannot be brought up to date is loud and stops the bridge from using the database: the bridge is not
 * ready, and every call that needs the database is a 503 {@code database_unavailable}; it never works on an old
 * schema.
 */
@QuarkusTest
@TestProfile(FailedMigrationTest.ConflictingTable.class)
class FailedMigrationTest {

    /** A database that holds a table of the first migration's name, unknown to Flyway: the migration fails. */
    public static class ConflictingTable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createDirectories(Path.of("target", "test-data"))
                        .resolve("conflicting-" + System.nanoTime() + ".db");
                try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE conversations (something_else TEXT)");
                }
                return Map.of("db.url", "jdbc:sqlite:" + file, "db.timeout", "5s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    ConversationStore store;

    @Test
    void theBridgeIsNotReadyAndTheProbeSaysWhy() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database schema' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.data.state", hasItem("migration failed; see the bridge's log"));
    }

    @Test
    void aCallThatNeedsTheDatabaseIsA503() {
        assertThatThrownBy(() -> store.find("someone", "conv_x").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(503);
                    assertThat(failure.code()).isEqualTo("database_unavailable");
                    assertThat(failure.getMessage()).contains("schema could not be brought up to date");
                });
    }
}
