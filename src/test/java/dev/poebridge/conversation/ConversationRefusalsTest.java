package dev.poebridge.conversation;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What image and chat calls that name a conversation are refused for, over HTTP alone (so that it runs against the
 * packaged application too): a conversation the caller does not have, and a request that cannot name one.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ConversationRefusalsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void anImageGenerationIntoAnUnknownConversationIs404AndPoeIsNeverAsked() {
        assertOpenAiError(generateImage("""
                {"prompt": "a cat", "n": 1, "size": "1024x1024", "response_format": "url",
                 "conversation_id": "conv_0123", "store": true}"""), 404, "invalid_request_error", "not_found");
        assertThat(poe.callsBeyondTheModelList()).isEmpty();
    }

    @Test
    void aChatInAnUnknownConversationIs404AndPoeIsNeverAsked() {
        assertOpenAiError(chat("""
                {"model": "GPT-4o", "messages": [{"role": "user", "content": "Hello!"}],
                 "conversation": {"id": "conv_0123"}, "stream": false, "max_tokens": 100}"""), 404,
                "invalid_request_error", "not_found");
        assertThat(poe.callsBeyondTheModelList()).isEmpty();
    }

    @Test
    void aStreamedImageGenerationCannotNameAConversation() {
        generateImage("""
                {"prompt": "a cat", "stream": true, "conversation_id": "conv_0123"}""")
                .statusCode(400).body("error.param", equalTo("conversation_id"));
    }

    @Test
    void aChatConversationMustBeAnIdOrAnObjectWithOne() {
        chat("""
                {"model": "GPT-4o", "messages": [{"role": "user", "content": "Hello!"}], "conversation": 12}""")
                .statusCode(400).body("error.param", equalTo("conversation"));
    }
}
