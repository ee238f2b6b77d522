package dev.poebridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.error.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * Conversations and their items, each with an owner. Every call names the owner, and a conversation of another owner
 * is answered exactly like one that does not exist (a 404), so nobody learns what others have. Items keep the order
 * they were added in; their JSON is stored as the API returns it. Checking the request is the caller's job.
 */
@ApplicationScoped
public class ConversationStore {

    /** Most characters of item JSON one page of items holds (16 MiB): beyond it the page ends early. */
    public static final long PAGE_CHARS = 16L << 20;

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final Database database;
    private final JsonText json;

    ConversationStore(Database database, JsonText json) {
        this.database = database;
        this.json = json;
    }

    /** A new conversation with these items (their ids already given), in one transaction. */
    public Uni<StoredConversation> create(String owner, Map<String, String> metadata, String title,
            List<ObjectNode> items) {
        StoredConversation conversation = new StoredConversation(Ids.next("conv_"), System.currentTimeMillis(),
                Map.copyOf(metadata), title);
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO conversations (id, owner, created_at, metadata, title, item_count) VALUES (?, ?, ?, ?, ?, 0)")) {
                insert.setString(1, conversation.id());
                insert.setString(2, owner);
                insert.setLong(3, conversation.createdAtMillis());
                insert.setString(4, json.write(conversation.metadata()));
                insert.setString(5, title);
                insert.executeUpdate();
            }
            insertItems(connection, conversation.id(), owner, items);
            return conversation;
        });
    }

    /** The conversation, or a 404. */
    public Uni<StoredConversation> find(String owner, String id) {
        return database.call(connection -> require(connection, owner, id));
    }

    /** The conversation with its metadata replaced, or a 404. */
    public Uni<StoredConversation> updateMetadata(String owner, String id, Map<String, String> metadata) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE conversations SET metadata = ? WHERE id = ? AND owner = ?")) {
                update.setString(1, json.write(metadata));
                update.setString(2, id);
                update.setString(3, owner);
                if (update.executeUpdate() == 0) {
                    throw ApiException.notFound("Conversation", id);
                }
            }
            return require(connection, owner, id);
        });
    }

    /** Deletes the conversation and its items, or a 404. */
    public Uni<Void> delete(String owner, String id) {
        return database.transaction(connection -> {
            // The conversation's row first: a write takes its lock at once, so an append running meanwhile either
            // finishes before (and its items go below) or finds the conversation gone; no item is left behind.
            if (Sql.execute(connection, "DELETE FROM conversations WHERE id = ? AND owner = ?", List.of(id, owner)) == 0) {
                throw ApiException.notFound("Conversation", id);
            }
            Sql.execute(connection, "DELETE FROM conversation_items WHERE conversation_id = ?", List.of(id));
            return null;
        });
    }

    /** The owner's conversations by creation time; {@code after} is the id the page starts after (else a 400). */
    public Uni<Page<StoredConversation>> list(String owner, int limit, boolean ascending, String after) {
        return database.call(connection -> {
            String sql = "SELECT id, created_at, metadata, title FROM conversations WHERE owner = ?";
            List<Object> args = new ArrayList<>(List.of(owner));
            if (after != null) {
                StoredConversation cursor = find(connection, owner, after);
                if (cursor == null) {
                    throw ApiException.invalidRequest("after", "No conversation with id '" + after + "' to list after.");
                }
                sql += ascending ? " AND (created_at > ? OR (created_at = ? AND id > ?))"
                        : " AND (created_at < ? OR (created_at = ? AND id < ?))";
                args.addAll(List.of(cursor.createdAtMillis(), cursor.createdAtMillis(), cursor.id()));
            }
            String direction = ascending ? "ASC" : "DESC";
            sql += " ORDER BY created_at " + direction + ", id " + direction + " LIMIT " + (limit + 1);
            List<StoredConversation> rows = new ArrayList<>();
            try (PreparedStatement query = Sql.prepare(connection, sql, args); ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(conversation(row));
                }
            }
            return page(rows, limit);
        });
    }

    /** Appends items (their ids already given) at the end of the conversation, or a 404. */
    public Uni<List<StoredItem>> append(String owner, String conversationId, List<ObjectNode> items) {
        return database.transaction(connection -> insertItems(connection, conversationId, owner, items));
    }

    /**
     * A page of the conversation's items in the order they were added (or the reverse), or a 404. The page ends early
     * (with {@code hasMore}) once it holds {@value #PAGE_CHARS} characters of JSON, yet always has at least one item.
     */
    public Uni<Page<StoredItem>> items(String owner, String conversationId, int limit, boolean ascending, String after) {
        return database.call(connection -> {
            require(connection, owner, conversationId);
            String where = "conversation_id = ?";
            List<Object> args = new ArrayList<>(List.of(conversationId));
            if (after != null) {
                where += ascending ? " AND position > ?" : " AND position < ?";
                args.add(ItemRows.position(connection, conversationId, after));
            }
            List<ItemRows.Row> rows = ItemRows.select(connection, where, args,
                    "position " + (ascending ? "ASC" : "DESC"), limit + 1);
            List<ItemRows.Row> chosen = ItemRows.within(rows.subList(0, Math.min(limit, rows.size())), PAGE_CHARS);
            return new Page<>(ItemRows.read(connection, conversationId, chosen, json), chosen.size() < rows.size());
        });
    }

    /**
     * The conversation's latest items (at most {@code limit}), newest first, as far back as {@code budget} characters
     * of their JSON go, or a 404. An {@code image_generation_call} kept as base64 is not read: it comes without its
     * {@code result} and costs nothing, since a prompt shows it as a note, not as the image.
     */
    public Uni<List<StoredItem>> latest(String owner, String conversationId, int limit, long budget) {
        return database.call(connection -> {
            require(connection, owner, conversationId);
            List<ItemRows.Row> rows = ItemRows.select(connection, "conversation_id = ?", List.of(conversationId),
                    "position DESC", limit);
            return ItemRows.latest(connection, conversationId, rows, budget, json);
        });
    }

    /** One item of the conversation, or a 404. */
    public Uni<StoredItem> item(String owner, String conversationId, String itemId) {
        return database.call(connection -> {
            require(connection, owner, conversationId);
            try (PreparedStatement query = Sql.prepare(connection,
                    "SELECT id, created_at, body FROM conversation_items WHERE conversation_id = ? AND id = ?",
                    List.of(conversationId, itemId)); ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("Item", itemId);
                }
                return new StoredItem(row.getString(1), row.getLong(2), json.read(row.getString(3), ObjectNode.class));
            }
        });
    }

    /** Deletes one item; the conversation as it is afterwards, or a 404. */
    public Uni<StoredConversation> deleteItem(String owner, String conversationId, String itemId) {
        return database.transaction(connection -> {
            StoredConversation conversation = require(connection, owner, conversationId);
            try (PreparedStatement delete = Sql.prepare(connection,
                    "DELETE FROM conversation_items WHERE conversation_id = ? AND id = ?", List.of(conversationId, itemId))) {
                if (delete.executeUpdate() == 0) {
                    throw ApiException.notFound("Item", itemId);
                }
            }
            return conversation;
        });
    }

    private List<StoredItem> insertItems(Connection connection, String conversationId, String owner,
            List<ObjectNode> items) throws SQLException {
        // Raising the count first locks the conversation's row: concurrent appends (other replicas too) queue here.
        try (PreparedStatement claim = Sql.prepare(connection,
                "UPDATE conversations SET item_count = item_count + ? WHERE id = ? AND owner = ?",
                List.of(items.size(), conversationId, owner))) {
            if (claim.executeUpdate() == 0) {
                throw ApiException.notFound("Conversation", conversationId);
            }
        }
        long last;
        try (PreparedStatement count = Sql.prepare(connection, "SELECT item_count FROM conversations WHERE id = ?",
                List.of(conversationId)); ResultSet row = count.executeQuery()) {
            row.next();
            last = row.getLong(1);
        }
        long now = System.currentTimeMillis();
        List<StoredItem> stored = new ArrayList<>(items.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO conversation_items (id, conversation_id, position, created_at, body) VALUES (?, ?, ?, ?, ?)")) {
            long position = last - items.size();
            for (ObjectNode item : items) {
                String id = item.path("id").asText();
                insert.setString(1, id);
                insert.setString(2, conversationId);
                insert.setLong(3, ++position);
                insert.setLong(4, now);
                insert.setString(5, json.write(item));
                insert.addBatch();
                stored.add(new StoredItem(id, now, item));
            }
            if (!items.isEmpty()) {
                insert.executeBatch();
            }
        }
        return stored;
    }

    private StoredConversation require(Connection connection, String owner, String id) throws SQLException {
        StoredConversation conversation = find(connection, owner, id);
        if (conversation == null) {
            throw ApiException.notFound("Conversation", id);
        }
        return conversation;
    }

    private StoredConversation find(Connection connection, String owner, String id) throws SQLException {
        try (PreparedStatement query = Sql.prepare(connection,
                "SELECT id, created_at, metadata, title FROM conversations WHERE id = ? AND owner = ?",
                List.of(id, owner)); ResultSet row = query.executeQuery()) {
            return row.next() ? conversation(row) : null;
        }
    }

    private StoredConversation conversation(ResultSet row) throws SQLException {
        return new StoredConversation(row.getString(1), row.getLong(2), json.read(row.getString(3), METADATA), row.getString(4));
    }

    private static <T> Page<T> page(List<T> rows, int limit) {
        return rows.size() > limit ? new Page<>(List.copyOf(rows.subList(0, limit)), true) : new Page<>(rows, false);
    }
}
