package dev.poebridge.store;

import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.error.ApiException;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * A database that stops answering holds up only the calls that need it: image and chat calls without a conversation
 * go on, and a call that needs the database gets a 503 {@code database_unavailable} after {@code db.timeout}, and keeps
 * nothing it had not committed by then.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
@TestProfile(SlowDatabaseTest.TwoThreadsOneSecond.class)
class SlowDatabaseTest {

    public static class TwoThreadsOneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("db.threads", "2", "db.timeout", "1s");
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    Database database;

    @Inject
    ConversationStore store;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheDatabase() {
        release.countDown();
    }

    @Test
    void imagesAndChatGoOnWhileEveryDatabaseThreadIsStuck() throws InterruptedException {
        CountDownLatch stuck = occupyEveryDatabaseThread();
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

        poe.bot("GPT-4o", poe.fixture("text-only"));
        generateImage("{\"prompt\": \"a cat\"}").statusCode(200).body("data[0].url", notNullValue());
        chat("{\"model\": \"GPT-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").statusCode(200);
        chat("{\"model\": \"GPT-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .statusCode(200);
    }

    @Test
    void aCallThatNeedsTheStuckDatabaseIsA503WithRetryAfter() throws InterruptedException {
        CountDownLatch stuck = occupyEveryDatabaseThread();
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> store.find("someone", "conv_x").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(503);
                    assertThat(failure.code()).isEqualTo("database_unavailable");
                    assertThat(failure.retryAfterSeconds()).isNotNull();
                });
    }

    @Test
    void aTransactionTheCallerStoppedWaitingForKeepsNothing() throws InterruptedException {
        String id = Ids.next("conv_");
        CountDownLatch finished = new CountDownLatch(1);
        Uni<Object> slow = database.transaction(connection -> {
            try {
                Sql.execute(connection, "INSERT INTO conversations (id, owner, created_at, metadata, item_count) "
                        + "VALUES (?, 'slow-owner', 0, '{}', 0)", List.of(id));
                release.await(30, TimeUnit.SECONDS); // past db.timeout: the caller has been answered by now
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                finished.countDown();
            }
        });
        assertThatThrownBy(() -> slow.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, failure -> assertThat(failure.status()).isEqualTo(503));

        release.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        // A write of its own waits for the slow transaction's write lock, so by then it has committed or rolled back.
        long kept = database.transaction(connection -> {
            Sql.execute(connection, "DELETE FROM usage_counters WHERE subject = 'nobody'", List.of());
            try (var query = Sql.prepare(connection, "SELECT COUNT(*) FROM conversations WHERE id = ?", List.of(id));
                    var row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }).await().atMost(Duration.ofSeconds(10));
        assertThat(kept).isZero();
    }

    /** Two calls that hold both database threads (and their connections) until the test ends. */
    private CountDownLatch occupyEveryDatabaseThread() {
        CountDownLatch stuck = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            database.call(connection -> {
                stuck.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }).subscribe().with(ignored -> {
            }, ignored -> {
            });
        }
        return stuck;
    }
}
