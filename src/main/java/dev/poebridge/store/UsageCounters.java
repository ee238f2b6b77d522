package dev.poebridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Counters per subject (a guest, a client address), kind of limit and time window, kept in the database so that
 * restarts and replicas share them. The upsert works on SQLite (3.24 and later) and PostgreSQL alike, and on
 * PostgreSQL it locks the row until the transaction ends, so concurrent requests of one guest are counted one after
 * the other.
 */
@ApplicationScoped
public class UsageCounters {

    /** One counter to raise: {@code amount} added to {@code subject}'s {@code kind} in the window starting then. */
    public record Add(String subject, String kind, long windowStart, long amount) {
    }

    /** What a raise must not exceed; {@link #check} throws to refuse, which rolls every raise of the call back. */
    @FunctionalInterface
    public interface Check {
        void check(Add add, long used);
    }

    /** The longest window is a day: counters of windows that started before the day before yesterday are done with. */
    private static final long KEEP_MILLIS = 2 * 24 * 3600_000L;
    private static final long PURGE_EVERY_MILLIS = 3600_000L;

    private final Database database;
    private final AtomicLong nextPurge = new AtomicLong();

    UsageCounters(Database database) {
        this.database = database;
    }

    /**
     * Raises every counter in one transaction, each checked after its raise: when a check throws, nothing is counted,
     * so refused requests use up nothing. About once an hour (per instance) old windows are deleted on the way.
     */
    public Uni<Void> add(List<Add> adds, Check check) {
        long now = System.currentTimeMillis();
        long due = nextPurge.get();
        boolean purge = now >= due && nextPurge.compareAndSet(due, now + PURGE_EVERY_MILLIS);
        return database.transaction(connection -> {
            if (purge) {
                Sql.execute(connection, "DELETE FROM usage_counters WHERE window_start < ?", List.of(now - KEEP_MILLIS));
            }
            for (Add add : adds) {
                check.check(add, raise(connection, add));
            }
            return null;
        });
    }

    private static long raise(Connection connection, Add add) throws SQLException {
        Sql.execute(connection, "INSERT INTO usage_counters (subject, kind, window_start, used) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (subject, kind, window_start) DO UPDATE SET used = usage_counters.used + ?",
                List.of(add.subject(), add.kind(), add.windowStart(), add.amount(), add.amount()));
        try (PreparedStatement read = Sql.prepare(connection,
                "SELECT used FROM usage_counters WHERE subject = ? AND kind = ? AND window_start = ?",
                List.of(add.subject(), add.kind(), add.windowStart())); ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
