package dev.poebridge.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the bridge at the JVM's {@link TestPostgres} cluster ({@code db.url}, {@code db.username},
 * {@code db.password}), in a new, empty database for each start, so that what one test class stores is never seen by
 * the next and the schema is migrated from nothing each time. The cluster itself lives until the JVM exits.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        return Map.of("db.url", postgres.jdbcUrl(postgres.createDatabase()), "db.username", postgres.username(),
                "db.password", postgres.password());
    }

    @Override
    public void stop() {
        // The cluster is shared by the whole JVM and stops when it exits; the database goes with it.
    }
}
