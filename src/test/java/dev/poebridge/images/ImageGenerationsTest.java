package dev.poebridge.images;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static dev.poebridge.testsupport.PoeStandIn.sse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** {@code POST /v1/images/generations} against the Poe stand-in. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ImageGenerationsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @Nested
    class TheImage {

        @Test
        void returnsTheFileUrlOfTheDefaultBotInOpenAiShape() {
            long before = System.currentTimeMillis() / 1000;
            generateImage("""
                    {"prompt": "a cat"}""")
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                    .body("data[0]", not(hasKey("b64_json")))
                    .body("created", org.hamcrest.Matchers.greaterThanOrEqualTo((int) before));
            assertThat(poe.queriesTo("Imagen-3-Fast")).isEqualTo(1);
        }

        @Test
        void sendsPoeTheProtocolQueryWithThePromptAsTheOneUserMessage() {
            generateImage("""
                    {"prompt": "a red fox", "model": "Imagen-3-Fast", "size": "1024x1024", "quality": "hd",
                     "style": "vivid", "user": "u1", "background": "auto", "output_format": "png", "moderation": "low"}""")
                    .statusCode(200);
            poe.wireMock().verify(queryTo("Imagen-3-Fast")
                    .withHeader("Authorization", WireMock.equalTo("Bearer " + KEY))
                    .withHeader("Accept", WireMock.equalTo("text/event-stream"))
                    .withHeader("Content-Type", WireMock.containing("application/json"))
                    .withRequestBody(WireMock.matchingJsonPath("$.version", WireMock.equalTo("1.2")))
                    .withRequestBody(WireMock.matchingJsonPath("$.type", WireMock.equalTo("query")))
                    .withRequestBody(WireMock.matchingJsonPath("$.query.length()", WireMock.equalTo("1")))
                    .withRequestBody(WireMock.matchingJsonPath("$.query[0].role", WireMock.equalTo("user")))
                    .withRequestBody(WireMock.matchingJsonPath("$.query[0].content", WireMock.equalTo("a red fox")))
                    .withRequestBody(WireMock.matchingJsonPath("$.query[0].content_type", WireMock.equalTo("text/markdown")))
                    .withRequestBody(WireMock.matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("0")))
                    .withRequestBody(WireMock.matchingJsonPath("$.user_id", WireMock.equalTo("")))
                    .withRequestBody(WireMock.matchingJsonPath("$.conversation_id", WireMock.equalTo("")))
                    .withRequestBody(WireMock.matchingJsonPath("$.message_id", WireMock.equalTo("")))
                    .withRequestBody(WireMock.matchingJsonPath("$.api_key", WireMock.equalTo("<missing>")))
                    .withRequestBody(WireMock.matchingJsonPath("$.skip_system_prompt", WireMock.equalTo("true")))
                    .withRequestBody(WireMock.matchingJsonPath("$.stop_sequences.length()", WireMock.equalTo("0"))));
        }

        @Test
        void namesTheBotInTheUrlExactlyAsGiven() {
            poe.bot("GPT-Image-1.5", poe.fixture("image-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1.5"}""").statusCode(200);
            assertThat(poe.queriesTo("GPT-Image-1.5")).isEqualTo(1);
        }

        @Test
        void ignoresTheBotsTextAndEveryFileAfterTheFirst() {
            poe.bot("Painter", poe.fixture("text-two-images-and-suggestions"));
            generateImage("""
                    {"prompt": "a cat", "model": "Painter"}""")
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
        }

        @Test
        void skipsPingsCommentsAndUnknownEventsAndJoinsMultiLineData() {
            poe.bot("Painter", poe.fixture("pings-unknown-events-multiline-data"));
            generateImage("""
                    {"prompt": "a cat", "model": "Painter"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
        }

        @Test
        void readsCrlfFramedStreams() {
            poe.bot("Painter", poe.fixture("image-only-crlf"));
            generateImage("""
                    {"prompt": "a cat", "model": "Painter"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
        }

        @Test
        void prefersAnImageToAnEarlierVideo() {
            poe.bot("Painter", poe.fixture("video-then-image"));
            generateImage("""
                    {"prompt": "a cat", "model": "Painter"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
        }

        @Test
        void returnsTheFileOfAMediaBotThatSendsNoImage() {
            poe.bot("Video-Bot", poe.fixture("video-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "Video-Bot"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/clip.mp4"));
        }

        @Test
        void usesAMarkdownImageInTheTextWhenTheBotSendsNoFile() {
            poe.bot("Texty", poe.fixture("markdown-image-in-text"));
            generateImage("""
                    {"prompt": "a cat", "model": "Texty"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo("https://pfst.cf2.poecdn.net/base/image/abc123?w=1024&h=1024"));
        }

        @Test
        void usesABareUrlInTheTextWhenTheBotSendsNoFile() {
            poe.bot("Texty", poe.fixture("bare-url-in-text"));
            generateImage("""
                    {"prompt": "a cat", "model": "Texty"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo("https://cdn.example.com/out/image-7.webp"));
        }

        @Test
        void looksForTheUrlOnlyInTextThatWasNotReplaced() {
            poe.bot("Texty", poe.fixture("replaced-text-with-url"));
            generateImage("""
                    {"prompt": "a cat", "model": "Texty"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo("https://cdn.example.com/final.png"));
        }

        @Test
        void b64JsonIsTheExactBytesOfTheFile() {
            String b64 = generateImage("""
                    {"prompt": "a cat", "response_format": "b64_json"}""")
                    .statusCode(200)
                    .body("data[0]", not(hasKey("url")))
                    .extract().path("data[0].b64_json");
            assertThat(Base64.getDecoder().decode(b64)).isEqualTo(PoeStandIn.file("cat.png"));
        }

        @Test
        void b64JsonFailsWith502WhenTheFileCannotBeFetched() {
            poe.bot("Painter", sse("""
                    event: file
                    data: {"url": "%s/files/missing.png", "content_type": "image/png", "name": "missing.png"}

                    event: done
                    data: {}

                    """.formatted(poe.baseUrl())));
            ValidatableResponse response = generateImage("""
                    {"prompt": "a cat", "model": "Painter", "response_format": "b64_json"}""");
            assertOpenAiError(response, 502, "api_error", "image_download_failed");
            response.body("error.message", containsString("HTTP 404"));
        }
    }

    @Nested
    class SeveralImages {

        @Test
        void nRunsNQueriesAndReturnsExactlyNImages() {
            poe.bot("Painter", poe.fixture("image-only"));
            List<String> images = generateImage("""
                    {"prompt": "a cat", "model": "Painter", "n": 4, "response_format": "b64_json"}""")
                    .statusCode(200)
                    .extract().path("data.b64_json");
            assertThat(images).hasSize(4)
                    .allSatisfy(b64 -> assertThat(Base64.getDecoder().decode(b64)).isEqualTo(PoeStandIn.file("cat.png")));
            assertThat(poe.queriesTo("Painter")).isEqualTo(4);
        }

        @Test
        void thirtyParallelB64CallsAllSucceed() throws Exception {
            poe.bot("Painter", poe.fixture("image-only"));
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(30);
            try {
                List<java.util.concurrent.Future<String>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    calls.add(callers.submit(() -> generateImage("""
                            {"prompt": "a cat", "model": "Painter", "response_format": "b64_json"}""")
                            .statusCode(200).extract().<String> path("data[0].b64_json")));
                }
                for (var call : calls) {
                    assertThat(Base64.getDecoder().decode(call.get(60, java.util.concurrent.TimeUnit.SECONDS)))
                            .isEqualTo(PoeStandIn.file("cat.png"));
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Nested
    class BadInput {

        @Test
        void promptIsRequired() {
            assertOpenAiError(generateImage("{}"), 400, "invalid_request_error", "invalid_value");
            generateImage("{}").body("error.param", equalTo("prompt"));
            generateImage("""
                    {"prompt": "   "}""").statusCode(400).body("error.param", equalTo("prompt"));
        }

        @Test
        void nMustBeBetweenOneAndTen() {
            for (int n : new int[] { 0, -1, 11 }) {
                generateImage("""
                        {"prompt": "a cat", "n": %d}""".formatted(n))
                        .statusCode(400).body("error.param", equalTo("n"));
            }
            assertThat(poe.queriesTo("Imagen-3-Fast")).isZero();
        }

        @Test
        void responseFormatMustBeUrlOrB64Json() {
            generateImage("""
                    {"prompt": "a cat", "response_format": "png"}""")
                    .statusCode(400).body("error.param", equalTo("response_format"))
                    .body("error.message", containsString("b64_json"));
        }

        @Test
        void aFieldOfTheWrongTypeIsA400NamingIt() {
            generateImage("""
                    {"prompt": "a cat", "n": "many"}""")
                    .statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("n"));
        }

        @Test
        void malformedJsonIsA400() {
            assertOpenAiError(generateImage("{\"prompt\": "), 400, "invalid_request_error", "invalid_json");
            assertOpenAiError(generateImage(""), 400, "invalid_request_error", null);
        }

        @Test
        void streamingIsRefusedClearly() {
            generateImage("""
                    {"prompt": "a cat", "stream": true}""").statusCode(400).body("error.param", equalTo("stream"));
        }

        @Test
        void aBotNameThatWouldChangeTheUrlIsRefused() {
            generateImage("""
                    {"prompt": "a cat", "model": "../admin"}""").statusCode(400).body("error.param", equalTo("model"));
            generateImage("""
                    {"prompt": "a cat", "model": "two words"}""").statusCode(400).body("error.param", equalTo("model"));
            assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
        }

        @Test
        void aTooLongPromptIsRefused() {
            generateImage("{\"prompt\": \"" + "x".repeat(32_001) + "\"}").statusCode(400).body("error.param", equalTo("prompt"));
        }

        @Test
        void wrongContentTypeIsA415InOpenAiShape() {
            given().contentType(ContentType.TEXT).header("Authorization", "Bearer " + KEY).body("a cat")
                    .when().post("/v1/images/generations")
                    .then().statusCode(415).body("error.code", equalTo("unsupported_media_type"));
        }

        @Test
        void unknownUrlsAre404InOpenAiShape() {
            given().header("Authorization", "Bearer " + KEY).when().post("/v1/images/nothing-here")
                    .then().statusCode(404).body("error.code", equalTo("unknown_url"));
        }
    }

    @Nested
    class Auth {

        @Test
        void aMissingKeyIs401() {
            given().contentType(ContentType.JSON).body("{\"prompt\":\"a cat\"}")
                    .when().post("/v1/images/generations")
                    .then().statusCode(401).body("error.code", equalTo("missing_api_key"))
                    .body("error.param", nullValue());
        }

        @Test
        void aMalformedHeaderIs401() {
            for (String header : List.of("Basic abc", "Bearer", "Bearer    ", "token")) {
                given().contentType(ContentType.JSON).header("Authorization", header).body("{\"prompt\":\"a cat\"}")
                        .when().post("/v1/images/generations")
                        .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
            }
        }

        @Test
        void theKeyIsCheckedBeforeTheBody() {
            given().contentType(ContentType.JSON).body("{not json")
                    .when().post("/v1/images/generations")
                    .then().statusCode(401);
        }

        @Test
        void theCallersKeyIsWhatPoeReceives() {
            given().contentType(ContentType.JSON).header("Authorization", "bearer other-key").body("{\"prompt\":\"a cat\"}")
                    .when().post("/v1/images/generations").then().statusCode(200);
            poe.wireMock().verify(queryTo("Imagen-3-Fast").withHeader("Authorization", WireMock.equalTo("Bearer other-key")));
        }
    }
}
