package dev.poebridge.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Chooses the datasource from {@code db.url} when the bridge starts, so one build serves both databases: both
 * datasources are built in (SQLite, the default one, and {@code postgresql}), and the one the URL does not name is made
 * inactive. Operators set only {@code DB_URL}, {@code DB_USERNAME} and {@code DB_PASSWORD}.
 */
public class DatabaseSelection implements ConfigSourceFactory {

    /** The name of the PostgreSQL datasource. */
    public static final String POSTGRESQL = "postgresql";

    /** Above application.properties (250), below environment variables (300): an explicit setting still wins. */
    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = valueOf(context, "db.url", DatabaseConfig.DEFAULT_URL);
        Map<String, String> derived = new HashMap<>();
        boolean postgresql = DatabaseConfig.isPostgresql(url);
        derived.put("quarkus.datasource.active", Boolean.toString(!postgresql));
        derived.put("quarkus.datasource." + POSTGRESQL + ".active", Boolean.toString(postgresql));
        String threads = valueOf(context, "db.threads", "8");
        if (postgresql) {
            derived.put("quarkus.datasource." + POSTGRESQL + ".jdbc.url", url);
            derived.put("quarkus.datasource." + POSTGRESQL + ".jdbc.max-size", threads);
            copy(context, "db.username", "quarkus.datasource." + POSTGRESQL + ".username", derived);
            copy(context, "db.password", "quarkus.datasource." + POSTGRESQL + ".password", derived);
        } else {
            derived.put("quarkus.datasource.jdbc.url", url);
            derived.put("quarkus.datasource.jdbc.max-size", threads);
        }
        return List.of(new PropertiesConfigSource(derived, "db.url selection", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static void copy(ConfigSourceContext context, String from, String to, Map<String, String> derived) {
        String value = valueOf(context, from, null);
        if (value != null) {
            derived.put(to, value);
        }
    }

    private static String valueOf(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue().strip();
    }
}
