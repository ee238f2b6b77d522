package dev.poebridge.store;

import static dev.poebridge.store.BridgeProcessCalls.get;
import static dev.poebridge.store.BridgeProcessCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.poebridge.store.BridgeProcessCalls.Answer;
import dev.poebridge.testsupport.ClassPoe;
import dev.poebridge.testsupport.PackagedBridge;

/**
 * The default database is a file: what a caller stored, and the key that signs guest tokens, are there again after
 * the bridge restarts.
 */
class ConversationsSurviveRestartIT {

    private static final String KEY = "poe-key-of-a-restart-test-caller";

    @RegisterExtension
    static final ClassPoe poe = new ClassPoe();

    @TempDir
    Path folder;

    @Test
    void aConversationAndItsItemsOutliveTheBridgeOnSqlite() throws Exception {
        // A folder that does not exist yet: the bridge creates it, as it creates ./data at first start.
        Path file = folder.resolve("data").resolve("bridge.db");
        Map<String, String> env = Map.of("DB_URL", "jdbc:sqlite:" + file,
                "AUTH_GUEST_ENABLED", "true", "POE_API_KEY", "server-held-poe-key-of-a-restart-test");
        String id;
        String guestToken;
        String guestConversation;
        try (PackagedBridge first = PackagedBridge.start(poe.get(), env)) {
            Answer created = post(first.baseUri(), "/v1/conversations", KEY,
                    "{\"metadata\":{\"topic\":\"restart\"},\"items\":[{\"type\":\"message\",\"role\":\"user\","
                            + "\"content\":\"remember me\"}]}");
            assertThat(created.status()).isEqualTo(200);
            id = created.body().get("id").asText();
            guestToken = post(first.baseUri(), "/auth/guest-login", null, "{}").body().get("access_token").asText();
            guestConversation = post(first.baseUri(), "/v1/conversations", guestToken, "{}").body().get("id").asText();
        }
        assertThat(Files.exists(file)).isTrue();

        try (PackagedBridge second = PackagedBridge.start(poe.get(), env)) {
            Answer conversation = get(second.baseUri(), "/v1/conversations/" + id, KEY);
            assertThat(conversation.status()).isEqualTo(200);
            assertThat(conversation.body().path("metadata").path("topic").asText()).isEqualTo("restart");
            Answer items = get(second.baseUri(), "/v1/conversations/" + id + "/items", KEY);
            assertThat(items.body().path("data").get(0).path("content").get(0).path("text").asText())
                    .isEqualTo("remember me");
            // The signing key was kept in the database too: a guest's token outlives the restart.
            assertThat(get(second.baseUri(), "/v1/conversations/" + guestConversation, guestToken).status()).isEqualTo(200);
        }
    }
}
