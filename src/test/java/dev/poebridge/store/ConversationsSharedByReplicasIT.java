package dev.poebridge.store;

import static dev.poebridge.store.BridgeProcessCalls.get;
import static dev.poebridge.store.BridgeProcessCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.poebridge.store.BridgeProcessCalls.Answer;
import dev.poebridge.testsupport.PackagedBridge;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.TestPostgres;

/**
 * Two bridges on one PostgreSQL database, as two replicas behind a load balancer: a conversation made on one is read,
 * added to and deleted on the other; a guest token one signs, the other accepts (they share the signing key in the
 * database); and both migrate the same schema at start without tripping over each other.
 */
class ConversationsSharedByReplicasIT {

    private static final String KEY = "poe-key-of-a-replica-test-caller";

    private static PoeStandIn poe;
    private static PackagedBridge one;
    private static PackagedBridge other;

    @BeforeAll
    static void start() {
        poe = PoeStandIn.started();
        TestPostgres postgres = TestPostgres.shared();
        Map<String, String> env = Map.of("DB_URL", postgres.jdbcUrl(postgres.createDatabase()),
                "DB_USERNAME", postgres.username(), "DB_PASSWORD", postgres.password(),
                "AUTH_GUEST_ENABLED", "true", "POE_API_KEY", "server-held-poe-key-of-the-replicas");
        one = PackagedBridge.start(poe, env);
        other = PackagedBridge.start(poe, env);
    }

    @AfterAll
    static void stop() {
        other.close();
        one.close();
        poe.close();
    }

    @Test
    void whatOneReplicaStoresTheOtherServes() {
        Answer created = post(one.baseUri(), "/v1/conversations", KEY, "{\"metadata\":{\"made\":\"on one\"}}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().get("id").asText();

        assertThat(get(other.baseUri(), "/v1/conversations/" + id, KEY).body().path("metadata").path("made").asText())
                .isEqualTo("on one");
        assertThat(post(other.baseUri(), "/v1/conversations/" + id + "/items", KEY,
                "{\"items\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"added on the other\"}]}").status())
                .isEqualTo(200);
        Answer items = get(one.baseUri(), "/v1/conversations/" + id + "/items", KEY);
        assertThat(items.body().path("data").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("added on the other");

        Answer list = get(other.baseUri(), "/v1/conversations", KEY);
        assertThat(list.body().path("data").findValuesAsText("id")).contains(id);
    }

    @Test
    void aGuestLoggedInOnOneReplicaIsAcceptedByTheOtherAndKeepsTheirConversations() {
        Answer login = post(one.baseUri(), "/auth/guest-login", null, "{}");
        assertThat(login.status()).isEqualTo(200);
        String token = login.body().get("access_token").asText();

        Answer created = post(other.baseUri(), "/v1/conversations", token, "{\"title\":\"a guest's\"}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().get("id").asText();
        assertThat(get(one.baseUri(), "/v1/conversations/" + id, token).status()).isEqualTo(200);
        assertThat(get(one.baseUri(), "/v1/conversations/" + id, KEY).status()).isEqualTo(404);
    }

    @Test
    void aConversationDeletedOnOneReplicaIsGoneOnTheOther() {
        String id = post(one.baseUri(), "/v1/conversations", KEY, "{}").body().get("id").asText();
        assertThat(BridgeProcessCalls.delete(other.baseUri(), "/v1/conversations/" + id, KEY).status()).isEqualTo(200);
        assertThat(get(one.baseUri(), "/v1/conversations/" + id, KEY).status()).isEqualTo(404);
    }
}
