package dev.poebridge.store;

import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;

import io.quarkus.flyway.runtime.QuarkusFlywayResourceProvider;
import io.quarkus.flyway.runtime.QuarkusPathLocationScanner;

/**
 * Flyway for the bridge's schema, created only when a migration is due. Quarkus' Flyway beans are switched off
 * ({@code quarkus.flyway.active=false}): Quarkus 3.33 sets up a Flyway instance for each active datasource at every
 * start, migration or not, which took 0.1-0.4 s of the main thread on 2 cores. The migrations are the files Quarkus
 * listed at build time (its location scanner), so nothing scans the class path at run time and a native image still
 * finds them; that list is also the one source of the newest schema version ({@link SchemaVersion#latest()}).
 */
final class Migrations {

    static final String LOCATION = "db/migration";

    private Migrations() {
    }

    /** Applies every pending migration under {@link #LOCATION}; throws, with Flyway's reason, when one fails. */
    static void migrate(DataSource dataSource) {
        FluentConfiguration configuration = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource).locations(LOCATION);
        QuarkusPathLocationScanner scanner = new QuarkusPathLocationScanner(configuration,
                List.of(configuration.getLocations()));
        configuration.resourceProvider(new QuarkusFlywayResourceProvider(scanner.scanForResources()));
        configuration.load().migrate();
    }

    /** The newest version among the migration files Quarkus listed under {@link #LOCATION} at build time. */
    static int newestVersion() {
        // The scanner reads its configuration only for filesystem: locations. A class-path location needs none, and
        // building a Flyway configuration is the start-up cost this class exists to avoid when no migration is due.
        Collection<LoadableResource> files = new QuarkusPathLocationScanner(null, List.of(new Location(LOCATION)))
                .scanForResources();
        return newestVersion(files.stream().map(LoadableResource::getFilename).toList());
    }

    /**
     * The highest {@code <n>} among versioned migrations ({@code V<n>__<description>.sql}); other files (repeatable
     * {@code R__} migrations) carry no version. Versions must be whole numbers: Flyway's history is compared with it
     * as such, so a dotted version fails here, at the first start, instead of never counting as current.
     */
    static int newestVersion(Collection<String> fileNames) {
        int newest = 0;
        for (String name : fileNames) {
            int separator = name.indexOf("__");
            if (!name.startsWith("V") || separator < 0) {
                continue;
            }
            try {
                newest = Math.max(newest, Integer.parseInt(name.substring(1, separator)));
            } catch (NumberFormatException notWhole) {
                throw new IllegalStateException("Migration " + name + ": the bridge's schema versions are whole numbers");
            }
        }
        if (newest == 0) {
            throw new IllegalStateException("No versioned migration under " + LOCATION);
        }
        return newest;
    }
}
