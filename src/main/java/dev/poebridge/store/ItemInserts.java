package dev.poebridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.config.ConversationsConfig;
import dev.poebridge.error.ApiException;

/**
 * Items appended at the end of a conversation, within the owner's storage quota
 * ({@code conversations.max-bytes-per-owner}). Each conversation counts the characters of item JSON it holds
 * ({@code stored_bytes}, the same measure as SQL's {@code LENGTH}); an owner's use is the sum over their conversations.
 */
@ApplicationScoped
class ItemInserts {

    private final JsonText json;
    private final long quota;

    ItemInserts(JsonText json, ConversationsConfig config) {
        this.json = json;
        this.quota = config.maxBytesPerOwner().asLongValue();
    }

    /** Appends the items (their ids already given) in the caller's transaction; a 404, or a 400 past the quota. */
    List<StoredItem> insert(Connection connection, String conversationId, String owner, List<ObjectNode> items)
            throws SQLException {
        List<String> bodies = items.stream().map(json::write).toList();
        long adding = size(bodies);
        // Raising the count first locks the conversation's row: concurrent appends (other replicas too) queue here.
        if (Sql.execute(connection, "UPDATE conversations SET item_count = item_count + ?, stored_bytes = stored_bytes + ? "
                + "WHERE id = ? AND owner = ?", List.of(items.size(), adding, conversationId, owner)) == 0) {
            throw ApiException.notFound("Conversation", conversationId);
        }
        // The sum already holds this append. Appends to two different conversations of one owner at the same moment
        // (on PostgreSQL, or on two replicas) do not see each other's uncommitted bytes and may both pass: the quota
        // can be overshot by about one append each, which is acceptable for a bound on storage, not a bill.
        long used = used(connection, owner);
        if (used > quota) {
            throw full(used - adding, adding);
        }
        long last = single(connection, "SELECT item_count FROM conversations WHERE id = ?", conversationId);
        long now = System.currentTimeMillis();
        List<StoredItem> stored = new ArrayList<>(items.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO conversation_items (id, conversation_id, position, created_at, body) VALUES (?, ?, ?, ?, ?)")) {
            long position = last - items.size();
            for (int i = 0; i < items.size(); i++) {
                String id = items.get(i).path("id").asText();
                insert.setString(1, id);
                insert.setString(2, conversationId);
                insert.setLong(3, ++position);
                insert.setLong(4, now);
                insert.setString(5, bodies.get(i));
                insert.addBatch();
                stored.add(new StoredItem(id, now, items.get(i)));
            }
            if (!items.isEmpty()) {
                insert.executeBatch();
            }
        }
        return stored;
    }

    /** A 400 when the items would not fit in the owner's quota; nothing is written. */
    void requireRoom(Connection connection, String owner, List<ObjectNode> items) throws SQLException {
        long adding = size(items.stream().map(json::write).toList());
        long used = used(connection, owner);
        if (used + adding > quota) {
            throw full(used, adding);
        }
    }

    /**
     * A 400, not a 413 or 429: OpenAI's clients raise a 400 as a bad request and never retry it, and retrying cannot
     * help until the caller deletes something.
     */
    private ApiException full(long used, long adding) {
        return new ApiException(400, "invalid_request_error", null, ConversationStore.STORAGE_FULL,
                "Conversation storage is full: this caller's conversations hold " + used + " of the " + quota
                        + " bytes allowed, and these items need " + adding + " more. Nothing was stored. Delete "
                        + "conversations (DELETE /v1/conversations/{id}) or items to make room.");
    }

    /** Characters as SQL's {@code LENGTH} counts them (code points), so that a delete takes off what was added. */
    private static long size(List<String> bodies) {
        return bodies.stream().mapToLong(body -> body.codePointCount(0, body.length())).sum();
    }

    private static long used(Connection connection, String owner) throws SQLException {
        return single(connection, "SELECT COALESCE(SUM(stored_bytes), 0) FROM conversations WHERE owner = ?", owner);
    }

    private static long single(Connection connection, String sql, String arg) throws SQLException {
        try (PreparedStatement query = Sql.prepare(connection, sql, List.of(arg)); ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
