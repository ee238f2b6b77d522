package dev.poebridge.completions;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.completion;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.MultipartValuePatternBuilder;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SseReply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /v1/completions}, the Poe extension: file URLs as text, JSON or multipart with files. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class CompletionsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Test
    void returnsTheAnswerWithFileUrlsAsText() {
        poe.bot("Painter", poe.fixture("text-two-images-and-suggestions"));
        completion("{\"model\": \"Painter\", \"prompt\": \"a cat\"}").statusCode(200)
                .body("id", startsWith("cmpl-"))
                .body("object", equalTo("text_completion"))
                .body("model", equalTo("Painter"))
                .body("choices[0].text", equalTo("Here is your image: ![cat](" + poe.baseUrl() + "/files/cat.png)\n![dog.png]("
                        + poe.baseUrl() + "/files/dog.png)\n"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.total_tokens", org.hamcrest.Matchers.greaterThan(0));
        poe.wireMock().verify(queryTo("Painter")
                .withRequestBody(matchingJsonPath("$.query.length()", WireMock.equalTo("1")))
                .withRequestBody(matchingJsonPath("$.query[0].role", WireMock.equalTo("user")))
                .withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("a cat"))));
    }

    @Test
    void joinsAnArrayPrompt() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        completion("{\"model\": \"GPT-4o\", \"prompt\": [\"line one\", \"line two\"]}").statusCode(200);
        poe.wireMock().verify(queryTo("GPT-4o").withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("line one\nline two"))));
    }

    @Test
    void streamsTextCompletionChunksNamingTheRequestedModel() {
        poe.bot("Painter", poe.fixture("text-two-images-and-suggestions"));
        SseReply reply = streamed(completion("""
                {"model": "Painter", "prompt": "a cat", "stream": true, "stream_options": {"include_usage": true}}"""));
        List<JsonNode> chunks = reply.json();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("text_completion");
            assertThat(c.get("model").asText()).isEqualTo("Painter");
            assertThat(c.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
        });
        assertThat(reply.content()).contains("![dog.png](" + poe.baseUrl() + "/files/dog.png)");
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(chunks.size() - 1).get("choices")).isEmpty();
        assertThat(chunks.get(chunks.size() - 1).at("/usage/total_tokens").asInt()).isPositive();
        assertThat(reply.endsWithDone()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model": "GPT-4o"}                        | prompt
            {"model": "GPT-4o", "prompt": [1, 2, 3]}   | prompt
            {"model": "GPT-4o", "prompt": "  "}        | prompt
            {"prompt": "hi"}                           | model
            """)
    void refusesBadPrompts(String request, String param) {
        completion(request).statusCode(400).body("error.param", equalTo(param));
    }

    @Test
    void mapsPoeFailuresAlsoWhenStreaming() {
        assertOpenAiError(completion("{\"model\": \"No-Such-Bot\", \"prompt\": \"hi\", \"stream\": true}"), 404,
                "invalid_request_error", "model_not_found");
    }

    @Test
    void acceptsFilesAsMultipartAndAttachesThemForImageToImage() {
        poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        given().header("Authorization", "Bearer " + KEY)
                .multiPart("prompt", "make it blue")
                .multiPart("model", "StableDiffusionXL")
                .multiPart("image", "cat.png", PoeStandIn.file("cat.png"), "application/octet-stream")
                .multiPart("image2", "dog.png", PoeStandIn.file("dog.png"), "image/png")
                .when().post("/v1/completions")
                .then().log().ifValidationFails().statusCode(200)
                .body("choices[0].text", equalTo("![cat.png](" + poe.baseUrl() + "/files/cat.png)\n"));
        poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload"))
                .withHeader("Authorization", WireMock.equalTo(KEY))
                .withRequestBodyPart(new MultipartValuePatternBuilder().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"cat.png\""))
                        .withHeader("Content-Type", WireMock.equalTo("image/png"))
                        .withBody(WireMock.binaryEqualTo(PoeStandIn.file("cat.png"))).build()));
        poe.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/upload")));
        poe.wireMock().verify(queryTo("StableDiffusionXL")
                .withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("make it blue")))
                .withRequestBody(matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("2"))));
    }
}
