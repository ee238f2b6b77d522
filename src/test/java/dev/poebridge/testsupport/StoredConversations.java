package dev.poebridge.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.auth.Caller;
import dev.poebridge.store.ConversationStore;
import dev.poebridge.store.StoredItem;

/**
 * Conversations made and read straight through the store, for tests of the endpoints that use them: owned by the
 * caller of {@link BridgeCalls} (a pass-through key), or by someone else.
 */
public final class StoredConversations {

    /** The owner {@link BridgeCalls#KEY} is in pass-through mode. */
    public static final String OWNER = Caller.ofKey(BridgeCalls.KEY, BridgeCalls.KEY).owner();

    /** Another caller's owner. */
    public static final String STRANGER = Caller.ofKey("someone-else-key", "someone-else-key").owner();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ConversationStore store;

    public StoredConversations(ConversationStore store) {
        this.store = store;
    }

    /** A new conversation of {@code owner} holding {@code items}; its id. */
    public String create(String owner, List<ObjectNode> items) {
        return store.create(owner, Map.of(), null, items).await().atMost(WAIT).id();
    }

    /** A new empty conversation of the test's caller; its id. */
    public String create() {
        return create(OWNER, List.of());
    }

    /** The bodies of the conversation's items, oldest first. */
    public List<JsonNode> items(String owner, String conversationId) {
        return store.items(owner, conversationId, 100, true, null).await().atMost(WAIT).data().stream()
                .map(StoredItem::body).map(JsonNode.class::cast).toList();
    }

    public List<JsonNode> items(String conversationId) {
        return items(OWNER, conversationId);
    }
}
