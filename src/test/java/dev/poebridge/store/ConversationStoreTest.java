package dev.poebridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.error.ApiException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** The store under the Conversations API, on the default database (SQLite); {@code ...PostgresTest} runs it on PostgreSQL. */
@QuarkusTest
class ConversationStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ConversationStore store;

    @Inject
    Database database;

    @Inject
    ObjectMapper json;

    private final String owner = Ids.next("owner-");

    @Test
    void appendsFromManyCallersAtOnceAllLandInDistinctPositions() {
        StoredConversation conversation = await(store.create(owner, Map.of(), null, List.of()));
        List<Uni<List<StoredItem>>> appends = IntStream.range(0, 24)
                .mapToObj(i -> store.append(owner, conversation.id(), List.of(message("m" + i), message("n" + i))))
                .toList();
        Uni.join().all(appends).andFailFast().await().atMost(WAIT);

        Page<StoredItem> all = await(store.items(owner, conversation.id(), 100, true, null));
        assertThat(all.data()).hasSize(48);
        // Each call's two items stay next to each other: a call's items are one block, never interleaved.
        for (int i = 0; i < 48; i += 2) {
            String first = all.data().get(i).body().path("text").asText();
            assertThat(all.data().get(i + 1).body().path("text").asText()).isEqualTo("n" + first.substring(1));
        }
    }

    @Test
    void anotherOwnerFindsNothingAndChangesNothing() {
        StoredConversation mine = await(store.create(owner, Map.of("k", "v"), "title", List.of(message("hello"))));
        String stranger = Ids.next("owner-");
        for (Uni<?> call : List.<Uni<?>> of(store.find(stranger, mine.id()),
                store.update(stranger, mine.id(), Map.of(), null),
                store.append(stranger, mine.id(), List.of(message("intruder"))),
                store.items(stranger, mine.id(), 20, false, null),
                store.delete(stranger, mine.id()))) {
            assertThatThrownBy(() -> call.await().atMost(WAIT)).isInstanceOf(ApiException.class)
                    .satisfies(failure -> assertThat(((ApiException) failure).status()).isEqualTo(404));
        }
        assertThat(await(store.items(owner, mine.id(), 20, false, null)).data()).hasSize(1);
        assertThat(await(store.find(owner, mine.id())).metadata()).containsEntry("k", "v");
    }

    @Test
    void theNewestConversationComesFirstAndPagesFollowTheCursor() {
        String id1 = await(store.create(owner, Map.of(), null, List.of())).id();
        String id2 = await(store.create(owner, Map.of(), null, List.of())).id();
        String id3 = await(store.create(owner, Map.of(), null, List.of())).id();

        Page<StoredConversation> first = await(store.list(owner, 2, false, null));
        assertThat(first.data()).extracting(StoredConversation::id).containsExactly(id3, id2);
        assertThat(first.hasMore()).isTrue();
        Page<StoredConversation> rest = await(store.list(owner, 2, false, id2));
        assertThat(rest.data()).extracting(StoredConversation::id).containsExactly(id1);
        assertThat(rest.hasMore()).isFalse();
    }

    @Test
    void aPageOfItemsEndsEarlyOnceItHoldsItsBudgetOfJson() {
        String big = "x".repeat((int) (ConversationStore.PAGE_CHARS / 2) + 1024);
        StoredConversation conversation = await(store.create(owner, Map.of(), null,
                List.of(message(big), message(big), message("small"))));
        Page<StoredItem> first = await(store.items(owner, conversation.id(), 20, true, null));
        assertThat(first.data()).hasSize(1);
        assertThat(first.hasMore()).isTrue();
        Page<StoredItem> rest = await(store.items(owner, conversation.id(), 20, true, first.data().get(0).id()));
        assertThat(rest.data()).extracting(item -> item.body().path("text").asText().length())
                .containsExactly(big.length(), 5);
        assertThat(rest.hasMore()).isFalse();
    }

    @Test
    void theLatestItemsReachBackAsFarAsTheirBudgetAndBase64ImagesAreNotRead() throws Exception {
        ObjectNode oldest = message("oldest");
        ObjectNode older = message("older");
        ObjectNode link = imageCall("https://cdn.example.com/cat.png");
        ObjectNode base64 = imageCall("A".repeat(200_000));
        ObjectNode newest = message("newest");
        StoredConversation conversation = await(store.create(owner, Map.of(), null,
                List.of(oldest, older, link, base64, newest)));
        long budget = size(newest) + size(link) + size(older) + size(oldest) - 1;

        List<StoredItem> latest = await(store.latest(owner, conversation.id(), 100, budget));
        assertThat(latest).extracting(StoredItem::id)
                .containsExactly(id(newest), id(base64), id(link), id(older));
        assertThat(latest.get(1).body().path("type").asText()).isEqualTo("image_generation_call");
        assertThat(latest.get(1).body().has("result")).isFalse();
        assertThat(latest.get(2).body().path("result").asText()).isEqualTo("https://cdn.example.com/cat.png");
        assertThat(await(store.latest(owner, conversation.id(), 2, Long.MAX_VALUE))).hasSize(2);
    }

    @Test
    void theStoredSizeCountsWhatItemsHoldAndReturnsToZeroWhenTheyAreDeleted() {
        // Non-ASCII and a character outside the BMP: the count must agree with SQL's LENGTH, or deletes drift it.
        List<ObjectNode> items = List.of(message("caf\u00e9 \uD83D\uDE00"), message("x".repeat(5000)));
        StoredConversation conversation = await(store.create(owner, Map.of(), null, items.subList(0, 1)));
        await(store.append(owner, conversation.id(), items.subList(1, 2)));
        long held = number("SELECT SUM(LENGTH(body)) FROM conversation_items WHERE conversation_id = ?",
                conversation.id());
        assertThat(storedBytes(conversation.id())).isEqualTo(held).isGreaterThan(5000);

        for (ObjectNode item : items) {
            await(store.deleteItem(owner, conversation.id(), id(item)));
        }
        assertThat(storedBytes(conversation.id())).isZero();
    }

    private long storedBytes(String conversationId) {
        return number("SELECT stored_bytes FROM conversations WHERE id = ?", conversationId);
    }

    private long number(String sql, String arg) {
        return database.call(connection -> {
            try (var query = Sql.prepare(connection, sql, List.of(arg)); var row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }).await().atMost(WAIT);
    }

    @Test
    void databaseCallsNeverRunOnTheCallersThread() {
        String caller = Thread.currentThread().getName();
        String ran = database.call(connection -> Thread.currentThread().getName()).await().atMost(WAIT);
        assertThat(ran).startsWith("db-").isNotEqualTo(caller);
    }

    private ObjectNode message(String text) {
        return json.createObjectNode().put("id", Ids.next("msg_")).put("type", "message").put("text", text);
    }

    private ObjectNode imageCall(String result) {
        return json.createObjectNode().put("type", "image_generation_call").put("id", Ids.next("ig_"))
                .put("status", "completed").put("result", result);
    }

    private long size(ObjectNode item) throws Exception {
        return json.writeValueAsString(item).length();
    }

    private static String id(ObjectNode item) {
        return item.path("id").asText();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
