package dev.poebridge.images;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.BridgeCalls.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * {@code stream: true} on generations and edits: OpenAI's image events ({@code event:} line, JSON {@code data:}),
 * partial images for the bot's earlier files, one completed event per image, errors by status before the first
 * event and as an {@code error} event after it.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ImageStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] CAT = PoeStandIn.file("cat.png");
    static final byte[] DOG = PoeStandIn.file("dog.png");

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    /** One event of the stream: its {@code event:} name and its data as JSON. */
    record Event(String name, JsonNode data) {
    }

    static List<Event> events(ValidatableResponse response) {
        String body = response.statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        assertThat(body).doesNotContain("[DONE]");
        List<Event> events = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (data != null) {
                try {
                    events.add(new Event(name, JSON.readTree(data)));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + data, e);
                }
            }
        }
        return events;
    }

    static byte[] bytes(Event event) {
        return Base64.getDecoder().decode(event.data().path("b64_json").asText());
    }

    /** A bot that sends a draft (dog.png) and then its answer (cat.png). */
    String draftThenAnswer(String answer) {
        return file("dog.png") + file(answer) + "event: done\ndata: {}\n\n";
    }

    String file(String name) {
        return "event: file\ndata: {\"url\": \"" + poe.baseUrl() + "/files/" + name
                + "\", \"content_type\": \"image/png\", \"name\": \"" + name + "\"}\n\n";
    }

    @Test
    void aStreamedGenerationIsOneCompletedEventWithTheImageAndOpenAisFields() {
        poe.bot("Painter", poe.fixture("image-only"));
        List<Event> events = events(generateImage(
                "{\"model\": \"Painter\", \"prompt\": \"a cat\", \"stream\": true, \"quality\": \"high\"}"));
        assertThat(events).hasSize(1);
        Event completed = events.get(0);
        assertThat(completed.name()).isEqualTo("image_generation.completed");
        JsonNode data = completed.data();
        assertThat(data.path("type").asText()).isEqualTo("image_generation.completed");
        assertThat(bytes(completed)).isEqualTo(CAT);
        assertThat(data.path("created_at").asLong()).isPositive();
        assertThat(data.path("quality").asText()).isEqualTo("high");
        assertThat(data.path("background").asText()).isEqualTo("auto");
        assertThat(data.path("output_format").asText()).isEqualTo("png");
        assertThat(data.path("size").isTextual()).isTrue();
        assertThat(data.path("usage").path("total_tokens").asInt(-1)).isZero();
        assertThat(data.path("usage").path("input_tokens_details").path("image_tokens").asInt(-1)).isZero();
        assertThat(data.has("partial_image_index")).isFalse();
    }

    @Test
    void theBotsEarlierImageIsAPartialImageWhenPartialImagesAllowsIt() {
        poe.bot("Drafter", draftThenAnswer("cat.png"));
        List<Event> events = events(generateImage(
                "{\"model\": \"Drafter\", \"prompt\": \"a cat\", \"stream\": true, \"partial_images\": 1}"));
        assertThat(events).extracting(Event::name)
                .containsExactly("image_generation.partial_image", "image_generation.completed");
        Event partial = events.get(0);
        assertThat(partial.data().path("type").asText()).isEqualTo("image_generation.partial_image");
        assertThat(partial.data().path("partial_image_index").asInt(-1)).isZero();
        assertThat(partial.data().has("usage")).isFalse();
        assertThat(partial.data().path("quality").asText()).isEqualTo("auto");
        assertThat(bytes(partial)).isEqualTo(DOG);
        assertThat(bytes(events.get(1))).isEqualTo(CAT);
    }

    @Test
    void withoutPartialImagesOnlyTheBotsLastImageIsSent() {
        poe.bot("Drafter", draftThenAnswer("cat.png"));
        List<Event> events = events(generateImage("{\"model\": \"Drafter\", \"prompt\": \"a cat\", \"stream\": true}"));
        assertThat(events).extracting(Event::name).containsExactly("image_generation.completed");
        assertThat(bytes(events.get(0))).isEqualTo(CAT);
    }

    @Test
    void twoImagesGiveTwoCompletedEvents() {
        poe.bot("Painter", poe.fixture("image-only"));
        List<Event> events = events(generateImage(
                "{\"model\": \"Painter\", \"prompt\": \"a cat\", \"stream\": true, \"n\": 2}"));
        assertThat(events).extracting(Event::name)
                .containsExactly("image_generation.completed", "image_generation.completed");
        assertThat(events).allSatisfy(event -> assertThat(bytes(event)).isEqualTo(CAT));
        assertThat(poe.queriesTo("Painter")).isEqualTo(2);
    }

    @Test
    void anUnknownBotKeepsItsStatus() {
        assertOpenAiError(generateImage("{\"model\": \"No-Such-Bot\", \"prompt\": \"a cat\", \"stream\": true}"),
                404, "invalid_request_error", "model_not_found");
    }

    @Test
    void aFailureAfterTheFirstEventIsAnErrorEventThatEndsTheStream() {
        poe.bot("Drafter", draftThenAnswer("missing.png"));
        List<Event> events = events(generateImage(
                "{\"model\": \"Drafter\", \"prompt\": \"a cat\", \"stream\": true, \"partial_images\": 2}"));
        assertThat(events).extracting(Event::name).containsExactly("image_generation.partial_image", "error");
        JsonNode error = events.get(1).data().path("error");
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.has("message") && error.has("param") && error.has("code")).isTrue();
    }

    @Test
    void partialImagesOutsideZeroToThreeIsRefused() {
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\", \"stream\": true, \"partial_images\": 4}"),
                400, "invalid_request_error", "invalid_value").body("error.param", equalTo("partial_images"));
    }

    @Test
    void aStreamedMultipartEditSendsImageEditEvents() {
        poe.bot("Drafter", draftThenAnswer("cat.png"));
        List<Event> events = events(given().header("Authorization", "Bearer " + KEY)
                .multiPart("image", "dog.png", DOG, "image/png").multiPart("prompt", "make it a cat")
                .multiPart("model", "Drafter").multiPart("stream", "true").multiPart("partial_images", "1")
                .when().post("/v1/images/edits").then().log().ifValidationFails());
        assertThat(events).extracting(Event::name).containsExactly("image_edit.partial_image", "image_edit.completed");
        assertThat(events.get(1).data().path("type").asText()).isEqualTo("image_edit.completed");
        assertThat(bytes(events.get(1))).isEqualTo(CAT);
    }

    @Test
    void aStreamedJsonEditSendsImageEditEvents() {
        poe.bot("Editor", poe.fixture("image-only"));
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(DOG);
        List<Event> events = events(post("/v1/images/edits", "{\"model\": \"Editor\", \"prompt\": \"a cat\", "
                + "\"stream\": true, \"images\": [{\"image_url\": \"" + dataUrl + "\"}]}"));
        assertThat(events).extracting(Event::name).containsExactly("image_edit.completed");
        assertThat(bytes(events.get(0))).isEqualTo(CAT);
    }

    @Test
    void aVariationIsNotStreamed() {
        assertOpenAiError(given().header("Authorization", "Bearer " + KEY)
                .multiPart("image", "dog.png", DOG, "image/png").multiPart("stream", "true")
                .when().post("/v1/images/variations").then(), 400, "invalid_request_error", "invalid_value")
                .body("error.param", equalTo("stream"));
    }
}
