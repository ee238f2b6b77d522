package dev.poebridge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import dev.poebridge.config.DatabaseConfig;
import dev.poebridge.config.DatabaseSelection;
import dev.poebridge.error.ApiException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way to the database. Every call runs on the database's own threads ({@code db.threads}), never on an event
 * loop and never on the worker pool that other blocking jobs share, so a slow database holds up only the requests that
 * need it; the answer comes back on the caller's Vert.x context. A call that waits for a thread or a connection past
 * {@code db.timeout} is a 503 {@code database_unavailable}. The schema is migrated at start, on whichever database
 * {@code db.url} names.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    /** Work done with one connection; the connection is the caller's for the duration of the call only. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DatabaseConfig config;
    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final ThreadPoolExecutor threads;
    private final boolean postgresql;

    Database(DatabaseConfig config, @Any InjectableInstance<AgroalDataSource> dataSources,
            @Any InjectableInstance<Flyway> flyways) {
        this.config = config;
        this.postgresql = DatabaseConfig.isPostgresql(config.url());
        if (postgresql) {
            this.dataSource = dataSources.select(new DataSource.DataSourceLiteral(DatabaseSelection.POSTGRESQL)).get();
            this.flyway = flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(DatabaseSelection.POSTGRESQL)).get();
        } else {
            this.dataSource = dataSources.select(jakarta.enterprise.inject.Default.Literal.INSTANCE).get();
            this.flyway = flyways.select(jakarta.enterprise.inject.Default.Literal.INSTANCE).get();
        }
        AtomicInteger count = new AtomicInteger();
        int size = Math.max(1, config.threads());
        // Bounded queue: under a flood the excess is refused at once (503) instead of piling up in memory.
        this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size * 128),
                task -> {
                    Thread thread = new Thread(task, "db-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** Creates the SQLite file's folder and brings the schema up to date before the first request is served. */
    void migrate(@Observes @Priority(10) StartupEvent event) throws Exception {
        if (!postgresql) {
            Path file = sqliteFile(config.url());
            if (file != null && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        }
        flyway.migrate();
        LOG.infof("Database: %s, schema up to date", postgresql ? "PostgreSQL" : "SQLite (" + config.url() + ")");
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdown();
    }

    /** True when the database is PostgreSQL (else SQLite). */
    public boolean postgresql() {
        return postgresql;
    }

    /** Runs {@code work} with a connection in auto-commit mode. */
    public <T> Uni<T> call(Work<T> work) {
        return submit(work, false);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> Uni<T> transaction(Work<T> work) {
        return submit(work, true);
    }

    private <T> Uni<T> submit(Work<T> work, boolean transaction) {
        Context caller = Vertx.currentContext();
        // Set when the caller stops waiting (timeout or cancel): work not yet started never starts, and a transaction
        // not yet committed is rolled back, so nothing is kept that the caller was told failed.
        AtomicBoolean abandoned = new AtomicBoolean();
        Uni<T> call = Uni.createFrom().<T> emitter(emitter -> {
            try {
                threads.execute(() -> {
                    try {
                        emitter.complete(runNow(work, transaction, abandoned));
                    } catch (Throwable failure) {
                        emitter.fail(failure);
                    }
                });
            } catch (RejectedExecutionException busy) {
                emitter.fail(unavailable("The database is busy; try again shortly."));
            }
        }).ifNoItem().after(config.timeout()).recoverWithUni(() -> {
            abandoned.set(true);
            return Uni.createFrom().failure(unavailable("The database did not answer in time."));
        }).onCancellation().invoke(() -> abandoned.set(true))
                .onFailure(SQLException.class).transform(failure -> {
                    LOG.warnf("Database call failed: %s", failure.getMessage());
                    return unavailable("The database failed to answer; try again shortly.");
                });
        return caller == null ? call : call.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private <T> T runNow(Work<T> work, boolean transaction, AtomicBoolean abandoned) throws SQLException {
        if (abandoned.get()) {
            throw unavailable("The database did not answer in time.");
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!transaction) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                if (abandoned.get()) {
                    connection.rollback();
                    throw unavailable("The database did not answer in time.");
                }
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static ApiException unavailable(String message) {
        return new ApiException(503, "api_error", null, "database_unavailable", message, 1L);
    }

    /** The file a {@code jdbc:sqlite:} URL names, or null for an in-memory or otherwise special database. */
    static Path sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        return name.isEmpty() || name.startsWith(":") ? null : Path.of(name);
    }
}
