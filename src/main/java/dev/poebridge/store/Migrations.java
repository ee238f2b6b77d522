package dev.poebridge.store;

import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.runtime.QuarkusFlywayResourceProvider;
import io.quarkus.flyway.runtime.QuarkusPathLocationScanner;

/**
 * Flyway for the bridge's schema, created only when a migration is due. Quarkus' Flyway beans are switched off
 * ({@code quarkus.flyway.active=false}): Quarkus 3.33 sets up a Flyway instance for each active datasource at every
 * start, migration or not, which took 0.1-0.4 s of the main thread on 2 cores. The migrations are the files Quarkus
 * listed at build time (its location scanner), so nothing scans the class path at run time and a native image still
 * finds them.
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
}
