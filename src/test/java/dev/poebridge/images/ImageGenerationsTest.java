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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

        /** Which file of a bot's reply is the image: one row per kind of reply, {@code {{base}}} the stand-in's URL. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                ignores the bot text and every file after the first                  | Painter   | text-two-images-and-suggestions    | {{base}}/files/cat.png
                skips pings, comments and unknown events and joins multi-line data   | Painter   | pings-unknown-events-multiline-data | {{base}}/files/cat.png
                reads CRLF-framed streams                                            | Painter   | image-only-crlf                    | {{base}}/files/cat.png
                prefers an image to an earlier video                                 | Painter   | video-then-image                   | {{base}}/files/cat.png
                returns the file of a media bot that sends no image                  | Video-Bot | video-only                         | {{base}}/files/clip.mp4
                uses a markdown image in the text when the bot sends no file         | Texty     | markdown-image-in-text             | https://pfst.cf2.poecdn.net/base/image/abc123?w=1024&h=1024
                uses a bare URL in the text when the bot sends no file               | Texty     | bare-url-in-text                   | https://cdn.example.com/out/image-7.webp
                looks for the URL only in text that was not replaced                 | Texty     | replaced-text-with-url             | https://cdn.example.com/final.png
                """)
        void returnsTheOneImageTheReplyNames(String behaviour, String bot, String fixture, String url) {
            poe.bot(bot, poe.fixture(fixture));
            generateImage("""
                    {"prompt": "a cat", "model": "%s"}""".formatted(bot))
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].url", equalTo(url.replace("{{base}}", poe.baseUrl())));
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

    /** {@code size} and {@code quality} as Poe parameters of the user message, for the bots that take them. */
    @Nested
    class SizeAndQuality {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                GPT-Image-1    | 1536x1024 | hd       | {"aspect":"3:2","quality":"high"}
                gpt-image-1.5  | 1024x1792 | standard | {"aspect":"2:3","quality":"medium"}
                GPT-IMAGE-1    | auto      | auto     | {"aspect":"auto"}
                """)
        void aGptImageBotIsSentAspectAndQuality(String bot, String size, String quality, String parameters) {
            poe.bot(bot, poe.fixture("image-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "%s", "size": "%s", "quality": "%s", "n": 2}""".formatted(bot, size, quality))
                    .statusCode(200);
            assertThat(poe.queriesTo(bot)).isEqualTo(2);
            assertThat(poe.lastQueryTo(bot).at("/query/0/parameters").toString()).isEqualTo(parameters);
        }

        @Test
        void aBotInTheTableIsSentOnlyTheParametersItTakes() {
            poe.bot("flux-PRO-1.1", poe.fixture("image-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "flux-PRO-1.1", "size": "1080x1920", "quality": "high"}""")
                    .statusCode(200);
            assertThat(poe.lastQueryTo("flux-PRO-1.1").at("/query/0/parameters").toString())
                    .isEqualTo("{\"aspect\":\"2:3\"}");
        }

        @Test
        void otherBotsAreSentNoParameters() {
            generateImage("""
                    {"prompt": "a cat", "size": "1536x1024", "quality": "high"}""").statusCode(200);
            assertThat(poe.lastQueryTo("Imagen-3-Fast").at("/query/0").has("parameters")).isFalse();
        }

        @Test
        void aGptImageBotAskedForNothingIsSentNoParameters() {
            poe.bot("GPT-Image-1", poe.fixture("image-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1"}""").statusCode(200);
            assertThat(poe.lastQueryTo("GPT-Image-1").at("/query/0").has("parameters")).isFalse();
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

        /** Each request is refused with a 400 naming the field, before Poe is called. */
        static Stream<Arguments> refusedRequests() {
            return Stream.of(
                    refused("{}", "prompt", "invalid_value", null),
                    refused("{\"prompt\": \"   \"}", "prompt", null, null),
                    refused("{\"prompt\": \"a cat\", \"n\": 0}", "n", null, null),
                    refused("{\"prompt\": \"a cat\", \"n\": -1}", "n", null, null),
                    refused("{\"prompt\": \"a cat\", \"n\": 11}", "n", null, null),
                    refused("{\"prompt\": \"a cat\", \"response_format\": \"png\"}", "response_format", null, "b64_json"),
                    refused("{\"prompt\": \"a cat\", \"n\": \"many\"}", "n", null, null),
                    refused("{\"prompt\": \"a cat\", \"stream\": true, \"partial_images\": -1}", "partial_images", null, null),
                    refused("{\"prompt\": \"a cat\", \"size\": \"big\"}", "size", "invalid_value", "WIDTHxHEIGHT"),
                    refused("{\"prompt\": \"a cat\", \"model\": \"gpt-image-1\", \"size\": \"1024\"}", "size", null, null),
                    refused("{\"prompt\": \"a cat\", \"model\": \"../admin\"}", "model", null, null),
                    refused("{\"prompt\": \"a cat\", \"model\": \"two words\"}", "model", null, null),
                    Arguments.of(Named.of("a prompt of 32001 characters", "{\"prompt\": \"" + "x".repeat(32_001) + "\"}"),
                            "prompt", null, null));
        }

        static Arguments refused(String request, String param, String code, String messagePart) {
            return Arguments.of(request, param, code, messagePart);
        }

        /** {@code code} and {@code messagePart}, where given, are pinned too. */
        @ParameterizedTest(name = "{0} -> 400 on {1}")
        @MethodSource("refusedRequests")
        void aRequestTheBridgeCannotServeIsA400NamingTheField(String request, String param, String code, String messagePart) {
            ValidatableResponse response = generateImage(request).statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo(param));
            if (code != null) {
                assertOpenAiError(response, 400, "invalid_request_error", code);
            }
            if (messagePart != null) {
                response.body("error.message", containsString(messagePart));
            }
            assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
        }

        @Test
        void malformedJsonIsA400() {
            assertOpenAiError(generateImage("{\"prompt\": "), 400, "invalid_request_error", "invalid_json");
            assertOpenAiError(generateImage(""), 400, "invalid_request_error", null);
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

        @ParameterizedTest(name = "Authorization: [{0}]")
        @ValueSource(strings = { "Basic abc", "Bearer", "Bearer    ", "token" })
        void aMalformedHeaderIs401(String header) {
            given().contentType(ContentType.JSON).header("Authorization", header).body("{\"prompt\":\"a cat\"}")
                    .when().post("/v1/images/generations")
                    .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
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
