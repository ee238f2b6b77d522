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

    /** {@link #latest()} once read; 0 until then. */
    private static volatile int latest;

    private SchemaVersion() {
    }

    /**
     * The newest migration under {@code db/migration} ({@code V<n>__*.sql}), from the list Quarkus made at build time.
     * Read when first asked, not in a static initializer: a native build may run initializers before Quarkus' recorder
     * has handed that list over.
     */
    static int latest() {
        int known = latest;
        if (known == 0) {
            known = Migrations.newestVersion();
            latest = known;
        }
        return known;
    }

    /**
     * True when the history's last applied migration is {@link #latest()} and no migration ever failed. A database
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
                    current = String.valueOf(latest()).equals(rows.getString("version"));
                    first = false;
                }
            }
            return current;
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }
}
