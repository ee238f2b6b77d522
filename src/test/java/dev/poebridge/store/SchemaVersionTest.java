package dev.poebridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up's shortcut past Flyway: a schema counts as current only when Flyway's history says the newest migration
 * was applied and none ever failed; in every other case Flyway runs.
 */
class SchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path folder;

    @Test
    void theLatestVersionIsTheNewestMigrationFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
            assertThat(SchemaVersion.LATEST).isEqualTo(newest);
        }
    }

    @Test
    void aDatabaseWithoutFlywaysHistoryIsNotCurrent() throws SQLException {
        try (Connection connection = database()) {
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
    }

    @Test
    void aDatabaseWhoseLastMigrationIsTheLatestIsCurrent() throws SQLException {
        try (Connection connection = database()) {
            history(connection, "(1, '1', 1)", "(2, '" + SchemaVersion.LATEST + "', 1)");
            assertThat(SchemaVersion.isCurrent(connection)).isTrue();
        }
    }

    @Test
    void aDatabaseOneMigrationBehindIsNotCurrent() throws SQLException {
        try (Connection connection = database()) {
            history(connection, "(1, '" + (SchemaVersion.LATEST - 1) + "', 1)");
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
    }

    @Test
    void aDatabaseWithAFailedMigrationIsNeverCurrent() throws SQLException {
        try (Connection connection = database()) {
            history(connection, "(1, '1', 0)", "(2, '" + SchemaVersion.LATEST + "', 1)");
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
    }

    private Connection database() throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + folder.resolve("bridge.db"), new java.util.Properties());
    }

    /** Flyway's history table, reduced to the columns the check reads. */
    private static void history(Connection connection, String... rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flyway_schema_history (installed_rank INT, version VARCHAR(50), success BOOLEAN)");
            statement.execute("INSERT INTO flyway_schema_history VALUES " + String.join(", ", rows));
        }
    }
}
