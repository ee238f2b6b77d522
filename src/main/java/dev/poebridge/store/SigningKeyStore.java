package dev.poebridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The key pair that signs guest tokens, kept in the database ({@code signing_keys}) so that restarts and replicas
 * accept each other's tokens. The first instance to start stores its freshly made pair; every instance then reads the
 * stored one, so two replicas starting together agree on it.
 */
@ApplicationScoped
public class SigningKeyStore {

    /** A pair as text (base64 PKCS#8 and X.509); the bridge knows no other kind. */
    public record StoredPair(String privateKey, String publicKey) {
    }

    private final Database database;

    SigningKeyStore(Database database) {
        this.database = database;
    }

    /** The pair stored under {@code id}, storing {@code fresh}'s first when there is none yet. */
    public Uni<StoredPair> loadOrCreate(String id, Supplier<StoredPair> fresh) {
        return database.call(connection -> {
            if (read(connection, id) == null) {
                StoredPair pair = fresh.get();
                Sql.execute(connection, "INSERT INTO signing_keys (id, private_key, public_key, created_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        List.of(id, pair.privateKey(), pair.publicKey(), System.currentTimeMillis()));
            }
            return read(connection, id); // the stored pair, which is another replica's when it was quicker
        });
    }

    private static StoredPair read(java.sql.Connection connection, String id) throws java.sql.SQLException {
        try (PreparedStatement select = Sql.prepare(connection,
                "SELECT private_key, public_key FROM signing_keys WHERE id = ?", List.of(id));
                ResultSet row = select.executeQuery()) {
            return row.next() ? new StoredPair(row.getString(1), row.getString(2)) : null;
        }
    }
}
