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

    /** The error code of an append refused because the owner's storage quota is full (a 400). */
    public static final String STORAGE_FULL = "conversation_storage_full";

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final Database database;
    private final JsonText json;
    private final ItemInserts inserts;

    ConversationStore(Database database, JsonText json, ItemInserts inserts) {
        this.database = database;
        this.json = json;
        this.inserts = inserts;
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
            inserts.insert(connection, conversation.id(), owner, items);
            return conversation;
        });
    }

    /** The conversation, or a 404. */
    public Uni<StoredConversation> find(String owner, String id) {
        return database.call(connection -> require(connection, owner, id));
    }

    /** The conversation with its metadata and title replaced where given (null keeps them), or a 404. */
    public Uni<StoredConversation> update(String owner, String id, Map<String, String> metadata, String title) {
        return database.transaction(connection -> {
            List<String> sets = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (metadata != null) {
                sets.add("metadata = ?");
                args.add(json.write(metadata));
            }
            if (title != null) {
                sets.add("title = ?");
                args.add(title);
            }
            args.addAll(List.of(id, owner));
            if (Sql.execute(connection, "UPDATE conversations SET " + String.join(", ", sets)
                    + " WHERE id = ? AND owner = ?", args) == 0) {
                throw ApiException.notFound("Conversation", id);
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
        return database.transaction(connection -> inserts.insert(connection, conversationId, owner, items));
    }

    /**
     * Nothing, or a 400 ({@value #STORAGE_FULL}) when the items would not fit in the owner's storage quota; nothing is
     * written. For callers that would spend something (a bot's answer) before appending.
     */
    public Uni<Void> requireRoom(String owner, List<ObjectNode> items) {
        return database.call(connection -> {
            inserts.requireRoom(connection, owner, items);
            return null;
        });
    }

    /** Whether {@code failure} is an append refused by the owner's storage quota. */
    public static boolean storageFull(Throwable failure) {
        return failure instanceof ApiException refused && STORAGE_FULL.equals(refused.code());
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

    /** Deletes one item, and its size from the owner's storage; the conversation as it is afterwards, or a 404. */
    public Uni<StoredConversation> deleteItem(String owner, String conversationId, String itemId) {
        return database.transaction(connection -> {
            StoredConversation conversation = require(connection, owner, conversationId);
            Sql.execute(connection, "UPDATE conversations SET stored_bytes = stored_bytes - COALESCE((SELECT LENGTH(body) "
                    + "FROM conversation_items WHERE conversation_id = ? AND id = ?), 0) WHERE id = ?",
                    List.of(conversationId, itemId, conversationId));
            if (Sql.execute(connection, "DELETE FROM conversation_items WHERE conversation_id = ? AND id = ?",
                    List.of(conversationId, itemId)) == 0) {
                throw ApiException.notFound("Item", itemId);
            }
            return conversation;
        });
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
