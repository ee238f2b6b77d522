package dev.poebridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The start-up's shortcut past Flyway: a schema counts as current only when Flyway's history says the newest migration
 * was applied and none ever failed; in every other case Flyway runs. A Quarkus test because the newest version comes
 * from the migration files Quarkus listed at build time, which only a built application holds.
 */
@QuarkusTest
class SchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path folder;

    @Test
    void theLatestVersionIsTheNewestMigrationFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
            assertThat(SchemaVersion.latest()).isEqualTo(newest);
        }
    }

    @Test
    void theNewestVersionIsComparedAsANumberNotAsText() {
        assertThat(Migrations.newestVersion(List.of("V9__nine.sql", "V10__ten.sql", "V2__two.sql"))).isEqualTo(10);
    }

    @Test
    void repeatableMigrationsCarryNoVersion() {
        assertThat(Migrations.newestVersion(List.of("V3__three.sql", "R__views.sql"))).isEqualTo(3);
    }

    @Test
    void aVersionThatIsNotAWholeNumberIsRefused() {
        assertThatThrownBy(() -> Migrations.newestVersion(List.of("V2__two.sql", "V2_1__two_point_one.sql")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("V2_1__two_point_one.sql");
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
            history(connection, "(1, '1', 1)", "(2, '" + SchemaVersion.latest() + "', 1)");
            assertThat(SchemaVersion.isCurrent(connection)).isTrue();
        }
    }

    @Test
    void aDatabaseOneMigrationBehindIsNotCurrent() throws SQLException {
        try (Connection connection = database()) {
            history(connection, "(1, '" + (SchemaVersion.latest() - 1) + "', 1)");
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
    }

    @Test
    void aDatabaseWithAFailedMigrationIsNeverCurrent() throws SQLException {
        try (Connection connection = database()) {
            history(connection, "(1, '1', 0)", "(2, '" + SchemaVersion.latest() + "', 1)");
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
