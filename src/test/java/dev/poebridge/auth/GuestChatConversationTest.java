package dev.poebridge.auth;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.GuestProfile;
import dev.poebridge.testsupport.Guests;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A guest's chat in a conversation: the conversation is checked before the guest's quota is spent. */
@QuarkusTest
@TestProfile(GuestProfile.class)
@WithTestResource(PoeStandInResource.class)
class GuestChatConversationTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void reset() {
        poe.reset();
    }

    @Test
    void aWrongConversationIs404AndSpendsNoneOfTheGuestsQuota() {
        String theirs = Guests.post(Guests.token(), "/v1/conversations", "{}").statusCode(200).extract().path("id");
        List<Integer> afterwards = Guests.inOneWindow(GuestGate.MINUTE, () -> {
            String token = Guests.token();
            for (String wrong : List.of(theirs, "conv_unknown")) {
                assertOpenAiError(Guests.post(token, "/v1/chat/completions", """
                        {"model": "Imagen-3-Fast", "conversation": "%s",
                         "messages": [{"role": "user", "content": "a cat"}]}""".formatted(wrong)),
                        404, "invalid_request_error", "not_found");
            }
            // Exactly what the limits allow: two requests a minute, three images a day.
            List<Integer> statuses = new ArrayList<>();
            for (int n : new int[] { 2, 1, 1 }) {
                statuses.add(Guests.post(token, "/v1/images/generations", "{\"prompt\": \"a cat\", \"n\": " + n + "}")
                        .extract().statusCode());
            }
            return statuses;
        });
        assertThat(GuestProfile.REQUESTS_PER_MINUTE).isEqualTo(2);
        assertThat(GuestProfile.IMAGES_PER_DAY).isEqualTo(3);
        assertThat(afterwards).containsExactly(200, 200, 429);
    }
}
