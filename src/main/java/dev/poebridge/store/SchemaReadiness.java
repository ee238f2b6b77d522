package dev.poebridge.store;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.poebridge.config.DatabaseConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready once the schema is up to date; not ready while it is being migrated (a probe waits up to {@code db.timeout}
 * for that, so a probe right after start does not see a moment's "not ready"), nor ever after a migration failed.
 */
@Readiness
@ApplicationScoped
public class SchemaReadiness implements AsyncHealthCheck {

    private final Database database;
    private final Duration patience;

    SchemaReadiness(Database database, DatabaseConfig config) {
        this.database = database;
        this.patience = config.timeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(database::schema)
                .map(ignored -> HealthCheckResponse.named("database schema").up().build())
                .ifNoItem().after(patience)
                .recoverWithItem(() -> HealthCheckResponse.named("database schema").down()
                        .withData("state", "being migrated").build())
                // The reason is in the log only: a database's error may name hosts, users or SQL that a public probe
                // should not show.
                .onFailure().recoverWithItem(() -> HealthCheckResponse.named("database schema").down()
                        .withData("state", "migration failed; see the bridge's log").build());
    }
}
