package dev.poebridge.chat;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static dev.poebridge.testsupport.StoredConversations.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.conversation.ConversationItems;
import dev.poebridge.store.ConversationStore;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SseReply;
import dev.poebridge.testsupport.StoredConversations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code conversation} on chat completions: the history sent first, the exchange kept once the answer is complete. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ChatConversationsTest {

    static final String ANSWER = "I can't create images of that. Try another prompt.";

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    ConversationStore store;

    StoredConversations conversations;

    @BeforeEach
    void stored() {
        conversations = new StoredConversations(store);
        poe.bot("Chatty", poe.fixture("text-only"));
    }

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static String ask(String conversation, boolean stream) {
        return """
                {"model": "Chatty", "stream": %s, "conversation": %s,
                 "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "and now?"}]}"""
                .formatted(stream, conversation);
    }

    /** A conversation of the test's caller: an earlier exchange and two images, one kept as a URL, one as base64. */
    String earlierExchange() {
        return conversations.create(StoredConversations.OWNER, List.of(
                ConversationItems.userText("draw a cat"),
                ConversationItems.imageGenerationCall("https://cdn.example.com/cat.png", "png", null),
                ConversationItems.imageGenerationCall("iVBORw0KGgo=", "png", null),
                ConversationItems.assistantText("Here it is.")));
    }

    @ParameterizedTest(name = "conversation given as {0}")
    @ValueSource(strings = { "\"%s\"", "{\"id\": \"%s\"}" })
    void sendsTheStoredHistoryBeforeTheRequestsOwnMessages(String form) {
        String conversation = earlierExchange();
        chat(ask(form.formatted(conversation), false)).statusCode(200);
        JsonNode query = poe.lastQueryTo("Chatty").path("query");
        assertThat(query).hasSize(6);
        assertThat(roleAndContent(query.get(0))).isEqualTo("user: draw a cat");
        assertThat(roleAndContent(query.get(1))).isEqualTo("bot: ![generated image](https://cdn.example.com/cat.png)");
        assertThat(roleAndContent(query.get(2))).isEqualTo("bot: " + ChatConversation.BASE64_IMAGE_NOTE);
        assertThat(roleAndContent(query.get(3))).isEqualTo("bot: Here it is.");
        assertThat(roleAndContent(query.get(4))).isEqualTo("system: Be brief.");
        assertThat(roleAndContent(query.get(5))).isEqualTo("user: and now?");
    }

    @Test
    void keepsTheRequestsUserMessageAndTheWholeAnswerOnceItIsComplete() {
        String conversation = conversations.create();
        chat(ask("\"" + conversation + "\"", false)).statusCode(200).body("choices[0].message.content", equalTo(ANSWER));
        assertKeptExchange(conversation);
    }

    @Test
    void keepsEachTurnsUserMessageAndAnswerButNeverTheResentSystemPrompt() {
        String conversation = conversations.create();
        chat(ask("\"" + conversation + "\"", false)).statusCode(200);
        chat(ask("\"" + conversation + "\"", true)).statusCode(200);
        assertThat(conversations.items(conversation)).extracting(item -> item.path("role").asText())
                .containsExactly("user", "assistant", "user", "assistant");
        JsonNode second = poe.lastQueryTo("Chatty").path("query");
        assertThat(second).extracting(ChatConversationsTest::roleAndContent).containsExactly("user: and now?",
                "bot: " + ANSWER, "system: Be brief.", "user: and now?");
    }

    @Test
    void keepsAStreamedAnswerBeforeTheStreamEnds() {
        String conversation = conversations.create();
        SseReply reply = streamed(chat(ask("{\"id\": \"" + conversation + "\"}", true)));
        assertThat(reply.content()).isEqualTo(ANSWER);
        assertThat(reply.endsWithDone()).isTrue();
        assertKeptExchange(conversation);
    }

    @Test
    void aStoredImageReachesTheBotAsTheRequestsOwnImagesDo() {
        ObjectNode withImage = ConversationItems.message("user", List.of(ConversationItems.inputText("look"),
                ConversationItems.inputImage("https://images.example.com/pets/cat.jpg", null)));
        String conversation = conversations.create(StoredConversations.OWNER, List.of(withImage));
        chat(ask("\"" + conversation + "\"", false)).statusCode(200);
        JsonNode first = poe.lastQueryTo("Chatty").path("query").get(0);
        assertThat(roleAndContent(first)).isEqualTo("user: look");
        assertThat(first.path("attachments")).hasSize(1);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = { false, true })
    void aFailedAnswerKeepsNothing(boolean stream) {
        poe.bot("Chatty", poe.fixture("text-then-error"));
        String conversation = conversations.create();
        if (stream) {
            assertThat(streamed(chat(ask("\"" + conversation + "\"", true))).endsWithDone()).isFalse();
        } else {
            chat(ask("\"" + conversation + "\"", false)).statusCode(502);
        }
        assertThat(conversations.items(conversation)).isEmpty();
    }

    @Test
    void anotherCallersConversationIs404BeforePoeAndGetsNothing() {
        String theirs = conversations.create(STRANGER, List.of(ConversationItems.userText("secret")));
        assertOpenAiError(chat(ask("\"" + theirs + "\"", true)), 404, "invalid_request_error", "not_found");
        assertOpenAiError(chat(ask("\"conv_unknown\"", false)), 404, "invalid_request_error", "not_found");
        assertThat(poe.queriesTo("Chatty")).isZero();
        assertThat(conversations.items(STRANGER, theirs)).hasSize(1);
    }

    @ParameterizedTest(name = "conversation {0}")
    @ValueSource(strings = { "42", "{}", "{\"id\": 7}", "\"\"", "[\"conv_1\"]" })
    void anythingButAnIdOrAnObjectWithItIs400(String conversation) {
        chat(ask(conversation, false)).statusCode(400).body("error.param", equalTo("conversation"));
        assertThat(poe.callsBeyondTheModelList()).isEmpty();
    }

    private void assertKeptExchange(String conversation) {
        List<JsonNode> items = conversations.items(conversation);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("role").asText()).isEqualTo("user");
        assertThat(items.get(0).path("content").toString()).isEqualTo("[{\"type\":\"input_text\",\"text\":\"and now?\"}]");
        JsonNode answer = items.get(1);
        assertThat(answer.path("id").asText()).startsWith("msg_");
        assertThat(answer.path("status").asText()).isEqualTo("completed");
        assertThat(answer.path("role").asText()).isEqualTo("assistant");
        assertThat(answer.path("content").toString())
                .isEqualTo("[{\"type\":\"output_text\",\"text\":\"" + ANSWER + "\",\"annotations\":[]}]");
    }

    private static String roleAndContent(JsonNode message) {
        return message.path("role").asText() + ": " + message.path("content").asText();
    }
}
