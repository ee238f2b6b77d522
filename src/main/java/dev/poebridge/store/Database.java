package dev.poebridge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;

import org.jboss.logging.Logger;

import dev.poebridge.config.DatabaseConfig;
import dev.poebridge.config.DatabaseSelection;
import dev.poebridge.error.ApiException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way to the database. Every call runs on the database's own threads ({@code db.threads}), never on an event
 * loop and never on the worker pool that other blocking jobs share, so a slow database holds up only the requests that
 * need it; the answer comes back on the caller's Vert.x context. A call that waits for a thread or a connection past
 * {@code db.timeout} is a 503 {@code database_unavailable}. The schema is brought up to date at start, on whichever
 * database {@code db.url} names, on a database thread so that start-up does not wait for it; calls wait for it instead,
 * and if it fails every call is a 503 and the bridge is not ready ({@link SchemaReadiness}): it never works on an old
 * schema.
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
    private final ThreadPoolExecutor threads;
    private final boolean postgresql;
    private final CompletableFuture<Void> schema = new CompletableFuture<>();

    Database(DatabaseConfig config, @Any InjectableInstance<AgroalDataSource> dataSources) {
        this.config = config;
        this.postgresql = DatabaseConfig.isPostgresql(config.url());
        if (postgresql) {
            this.dataSource = dataSources.select(new DataSource.DataSourceLiteral(DatabaseSelection.POSTGRESQL)).get();
        } else {
            this.dataSource = dataSources.select(jakarta.enterprise.inject.Default.Literal.INSTANCE).get();
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

    /** Starts bringing the schema up to date, on a database thread; the first calls wait for it. */
    void migrate(@Observes @Priority(10) StartupEvent event) {
        threads.execute(() -> {
            try {
                migrateNow();
                schema.complete(null);
            } catch (Throwable failure) {
                LOG.errorf(failure, "Database: the schema could not be brought up to date; every database call is "
                        + "refused (503) and the bridge is not ready until it is fixed and the bridge restarted");
                schema.completeExceptionally(failure);
            }
        });
    }

    private void migrateNow() throws Exception {
        String name = postgresql ? "PostgreSQL" : "SQLite (" + config.url() + ")";
        if (!postgresql) {
            Path file = sqliteFile(config.url());
            if (file != null && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            if (SchemaVersion.isCurrent(connection)) {
                LOG.infof("Database: %s, schema up to date (version %d)", name, SchemaVersion.LATEST);
                return;
            }
        }
        Migrations.migrate(dataSource);
        LOG.infof("Database: %s, schema migrated to version %d", name, SchemaVersion.LATEST);
    }

    /** Completes when the schema is up to date, or fails with what stopped it. */
    public CompletableFuture<Void> schema() {
        return schema.copy();
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
        awaitSchema();
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

    /** Blocks a database thread, only in the first moments after start, until the schema is up to date. */
    private void awaitSchema() {
        try {
            schema.get();
        } catch (ExecutionException failed) {
            throw unavailable("The database schema could not be brought up to date; see the bridge's log.");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unavailable("The database did not answer in time.");
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
