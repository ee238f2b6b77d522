package dev.poebridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.error.ApiException;

/**
 * Items read in two steps, so that no more of their JSON is held than a budget allows: first each item's size and the
 * start of its JSON ({@code LENGTH} and {@code SUBSTR}, the same on SQLite and PostgreSQL), then the whole JSON of
 * only the items chosen. A base64 image is tens of megabytes of text; reading a page of them whole would hold
 * gigabytes.
 */
final class ItemRows {

    /** How much of an item's JSON is read up front: enough for its {@code id} and {@code type}. */
    static final int HEAD = 256;

    /** Longer than any link an {@code image_generation_call} keeps; all but the tiniest images in base64 are longer. */
    static final int LINK_CHARS = 8192;

    private static final String IMAGE_CALL = "image_generation_call";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An item before its JSON is read: its size in characters and the first {@link #HEAD} of them. */
    record Row(String id, long createdAtMillis, long length, String head) {
    }

    private ItemRows() {
    }

    /** The rows {@code where} (with its {@code args}) selects from a conversation's items, in {@code order}. */
    static List<Row> select(Connection connection, String where, List<Object> args, String order, int limit)
            throws SQLException {
        String sql = "SELECT id, created_at, LENGTH(body), SUBSTR(body, 1, " + HEAD + ") FROM conversation_items WHERE "
                + where + " ORDER BY " + order + " LIMIT " + limit;
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = Sql.prepare(connection, sql, args); ResultSet row = query.executeQuery()) {
            while (row.next()) {
                rows.add(new Row(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4)));
            }
        }
        return rows;
    }

    /** The leading rows whose JSON fits in {@code budget} characters; always the first, however large. */
    static List<Row> within(List<Row> rows, long budget) {
        long spent = 0;
        int taken = 0;
        for (Row row : rows) {
            spent += row.length();
            if (taken > 0 && spent > budget) {
                break;
            }
            taken++;
        }
        return rows.subList(0, taken);
    }

    /** Where the item is in the conversation; an unknown one is a 400 naming {@code after}. */
    static long position(Connection connection, String conversationId, String itemId) throws SQLException {
        try (PreparedStatement query = Sql.prepare(connection,
                "SELECT position FROM conversation_items WHERE conversation_id = ? AND id = ?",
                List.of(conversationId, itemId)); ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw ApiException.invalidRequest("after", "No item with id '" + itemId + "' to list after.");
            }
            return row.getLong(1);
        }
    }

    /**
     * The items of {@code rows} (newest first) that {@code budget} characters of JSON reach back to. An
     * {@code image_generation_call} longer than {@link #LINK_CHARS} holds base64, not a link: it is not read, and
     * comes without its {@code result}.
     */
    static List<StoredItem> latest(Connection connection, String conversationId, List<Row> rows, long budget,
            JsonText json) throws SQLException {
        List<Row> kept = new ArrayList<>();
        List<Row> whole = new ArrayList<>();
        long spent = 0;
        for (Row row : rows) {
            boolean base64Image = row.length() > LINK_CHARS
                    && IMAGE_CALL.equals(json.topLevelText(row.head(), "type"));
            spent += base64Image ? 0 : row.length();
            if (spent > budget) {
                break;
            }
            kept.add(row);
            if (!base64Image) {
                whole.add(row);
            }
        }
        Map<String, StoredItem> read = bodies(connection, conversationId, whole, json);
        List<StoredItem> items = new ArrayList<>(kept.size());
        for (Row row : kept) {
            StoredItem item = whole.contains(row) ? read.get(row.id()) : new StoredItem(row.id(),
                    row.createdAtMillis(), NODES.objectNode().put("id", row.id()).put("type", IMAGE_CALL)
                            .put("status", "completed"));
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** The rows' items with their whole JSON, in the rows' order. */
    static List<StoredItem> read(Connection connection, String conversationId, List<Row> rows, JsonText json)
            throws SQLException {
        Map<String, StoredItem> read = bodies(connection, conversationId, rows, json);
        // An item deleted between the two reads is left out, as if the page had been read after the delete.
        return rows.stream().map(row -> read.get(row.id())).filter(Objects::nonNull).toList();
    }

    private static Map<String, StoredItem> bodies(Connection connection, String conversationId, List<Row> rows,
            JsonText json) throws SQLException {
        Map<String, StoredItem> items = new HashMap<>();
        if (rows.isEmpty()) {
            return items;
        }
        String marks = String.join(", ", Collections.nCopies(rows.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(conversationId));
        rows.forEach(row -> args.add(row.id()));
        try (PreparedStatement query = Sql.prepare(connection, "SELECT id, created_at, body FROM conversation_items "
                + "WHERE conversation_id = ? AND id IN (" + marks + ")", args); ResultSet row = query.executeQuery()) {
            while (row.next()) {
                items.put(row.getString(1),
                        new StoredItem(row.getString(1), row.getLong(2), json.read(row.getString(3), ObjectNode.class)));
            }
        }
        return items;
    }
}
