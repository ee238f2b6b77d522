package dev.poebridge.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a database's schema is already at the newest migration, read from Flyway's own history table with one
 * query. Flyway itself takes hundreds of milliseconds to set up (it scans its migrations and loads its database
 * plugins), which every start paid although the schema is current on all starts but the first after an upgrade.
 */
final class SchemaVersion {

    /**
     * The newest migration under {@code db/migration} ({@code V<n>__*.sql}); SchemaVersionTest fails when a migration
     * is added without raising this. Typed in rather than read from the migration list Quarkus makes at build time:
     * that list is only reachable through Flyway's classes, and loading them made a plain-JVM start about 0.2 s
     * slower, on the start-up path this class exists to keep short.
     */
    static final int LATEST = 2;

    private SchemaVersion() {
    }

    /**
     * True when the history's last applied migration is {@link #LATEST} and no migration ever failed. A database
     * without the history table, or one that cannot be read, is not current: Flyway then decides, and reports.
     */
    static boolean isCurrent(Connection connection) {
        String sql = "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL "
                + "ORDER BY installed_rank DESC";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            boolean first = true;
            boolean current = false;
            while (rows.next()) {
                if (!rows.getBoolean("success")) {
                    return false;
                }
                if (first) {
                    current = String.valueOf(LATEST).equals(rows.getString("version"));
                    first = false;
                }
            }
            return current;
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }
}
