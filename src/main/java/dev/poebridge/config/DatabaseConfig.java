package dev.poebridge.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where conversations, guest signing keys and guest quotas live. An embedded SQLite file by default, so the bridge
 * needs nothing installed; a {@code jdbc:postgresql://} URL switches to PostgreSQL at run time (several replicas share
 * it). {@link DatabaseSelection} turns {@link #url()} into the datasource settings.
 */
@ConfigMapping(prefix = "db")
public interface DatabaseConfig {

    /** SQLite, the default, when {@link #url()} does not start with this. */
    String POSTGRESQL_PREFIX = "jdbc:postgresql://";

    /** The default: a SQLite file under {@code ./data/}, created at first start. */
    String DEFAULT_URL = "jdbc:sqlite:data/bridge.db";

    /** JDBC URL (environment variable {@code DB_URL}). Default {@code jdbc:sqlite:data/bridge.db}. */
    @WithDefault(DEFAULT_URL)
    String url();

    /** Database user (environment variable {@code DB_USERNAME}); PostgreSQL only. No default. */
    Optional<String> username();

    /** Database password (environment variable {@code DB_PASSWORD}); PostgreSQL only. No default. */
    Optional<String> password();

    /**
     * Longest a database call may take, waiting for a connection included; beyond it the request gets a 503
     * {@code database_unavailable} with {@code Retry-After}. Default 10 s.
     */
    @WithDefault("10s")
    Duration timeout();

    /**
     * Threads that run database calls, off the event loop and apart from every other blocking job, so a slow database
     * holds up only the calls that need it. Also the connection pool's size. Default 8.
     */
    @WithDefault("8")
    int threads();

    /** True when {@code url} names a PostgreSQL database. */
    static boolean isPostgresql(String url) {
        return url != null && url.startsWith(POSTGRESQL_PREFIX);
    }
}
