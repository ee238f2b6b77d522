package dev.poebridge.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Which fields an images answer carries: exactly the asked {@code response_format}; without one, {@code url} and the
 * exact bytes as {@code b64_json} where OpenAI would answer base64 (GPT-image bots, GPT-image-only fields, edits and
 * variations), else {@code url} alone; and {@code output_format} and {@code size} read from the bytes.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ResponseFormatsTest {

    static final byte[] CAT = PoeStandIn.file("cat.png");

    @InjectPoeStandIn
    PoeStandIn poe;

    @BeforeEach
    void drawingBots() {
        for (String bot : List.of("GPT-Image-1", "Painter", "StableDiffusionXL")) {
            poe.bot(bot, poe.fixture("image-only"));
        }
    }

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    /** The answer has one image, its url the stand-in's cat and its b64_json the cat's exact bytes. */
    ValidatableResponse assertUrlAndExactBytes(ValidatableResponse response) {
        String b64 = response.statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                .extract().path("data[0].b64_json");
        assertThat(b64).isNotNull();
        assertThat(Base64.getDecoder().decode(b64)).isEqualTo(CAT);
        return response;
    }

    @Nested
    class Generations {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "Imagen-3-Fast", "Painter", "My-GPT-Image-1", "DALL-E-3" })
        void aBotOutsideTheGptImagePatternGetsTheUrlAlone(String bot) {
            poe.bot(bot, poe.fixture("image-only"));
            generateImage("""
                    {"prompt": "a cat", "model": "%s"}""".formatted(bot))
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                    .body("data[0]", not(hasKey("b64_json")))
                    .body("$", not(hasKey("output_format")))
                    .body("$", not(hasKey("size")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "GPT-Image-1", "gpt-image-1-mini", "GPT-IMAGE-1.5" })
        void aGptImageBotGetsTheUrlAndTheExactBytes(String bot) {
            poe.bot(bot, poe.fixture("image-only"));
            assertUrlAndExactBytes(generateImage("""
                    {"prompt": "a cat", "model": "%s"}""".formatted(bot)))
                    .body("output_format", equalTo("png"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "\"output_format\": \"png\"", "\"background\": \"transparent\"",
                "\"output_compression\": 80", "\"moderation\": \"low\"", "\"partial_images\": 0" })
        void aFieldOnlyGptImageModelsTakeAsksForBoth(String field) {
            assertUrlAndExactBytes(generateImage("""
                    {"prompt": "a cat", "model": "Painter", %s}""".formatted(field)));
        }

        @ParameterizedTest(name = "response_format={0}")
        @CsvSource({ "url, url, b64_json", "b64_json, b64_json, url" })
        void anExplicitResponseFormatGivesExactlyThatField(String format, String present, String absent) {
            generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1", "background": "opaque", "response_format": "%s"}"""
                    .formatted(format))
                    .statusCode(200)
                    .body("data[0]", hasKey(present))
                    .body("data[0]", not(hasKey(absent)));
        }

        @Test
        void anExplicitUrlSaysNothingOfBytesItDidNotFetch() {
            generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1", "response_format": "url"}""")
                    .statusCode(200)
                    .body("$", not(hasKey("output_format")))
                    .body("$", not(hasKey("size")));
        }

        @Test
        void everyImageOfSeveralCarriesBothFields() {
            List<String> images = generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1", "n": 3}""")
                    .statusCode(200)
                    .body("data.url", equalTo(List.of(poe.baseUrl() + "/files/cat.png", poe.baseUrl() + "/files/cat.png",
                            poe.baseUrl() + "/files/cat.png")))
                    .extract().path("data.b64_json");
            assertThat(images).hasSize(3).allSatisfy(b64 -> assertThat(Base64.getDecoder().decode(b64)).isEqualTo(CAT));
        }

        /** Each row: the bot's file, and the output_format and size the answer states (none: "-"). */
        static Stream<Arguments> filesOfEachFormat() {
            return Stream.of(
                    file("a square PNG", "out.png", TestImages.written("png", 1024, 1024), "png", "1024x1024"),
                    file("a landscape JPEG", "out.jpg", TestImages.written("jpeg", 1536, 1024), "jpeg", "1536x1024"),
                    file("a portrait WebP", "out.webp", TestImages.webp(1024, 1536), "webp", "1024x1536"),
                    file("a GIF: no output_format, OpenAI has none for it", "out.gif",
                            TestImages.written("gif", 1024, 1024), "-", "1024x1024"),
                    file("a size OpenAI's schema does not list: no size", "cat.png", CAT, "png", "-"));
        }

        static Arguments file(String name, String fileName, byte[] bytes, String outputFormat, String size) {
            return Arguments.of(Named.of(name, fileName), bytes, outputFormat, size);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("filesOfEachFormat")
        void outputFormatAndSizeAreReadFromTheBytes(String fileName, byte[] bytes, String outputFormat, String size) {
            poe.wireMock().stubFor(get(urlPathEqualTo("/files/" + fileName))
                    .willReturn(aResponse().withStatus(200).withBody(bytes)));
            poe.bot("GPT-Image-1", """
                    event: file
                    data: {"url": "%s/files/%s", "content_type": "image/png", "name": "%s"}

                    event: done
                    data: {}

                    """.formatted(poe.baseUrl(), fileName, fileName));
            ValidatableResponse response = generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1"}""").statusCode(200);
            assertThat(Base64.getDecoder().decode(response.extract().<String> path("data[0].b64_json"))).isEqualTo(bytes);
            response.body("$", outputFormat.equals("-") ? not(hasKey("output_format")) : hasKey("output_format"))
                    .body("$", size.equals("-") ? not(hasKey("size")) : hasKey("size"));
            assertThat(response.extract().<String> path("output_format")).isEqualTo(outputFormat.equals("-") ? null : outputFormat);
            assertThat(response.extract().<String> path("size")).isEqualTo(size.equals("-") ? null : size);
        }

        @Test
        void aLargeImageArrivesWholeBesideItsUrl() {
            byte[] large = TestImages.noisyPng(1024, 1024);
            assertThat(large.length).isGreaterThan(1_000_000);
            poe.wireMock().stubFor(get(urlPathEqualTo("/files/large.png"))
                    .willReturn(aResponse().withStatus(200).withBody(large)));
            poe.bot("GPT-Image-1", """
                    event: file
                    data: {"url": "%s/files/large.png", "content_type": "image/png", "name": "large.png"}

                    event: done
                    data: {}

                    """.formatted(poe.baseUrl()));
            ValidatableResponse response = generateImage("""
                    {"prompt": "a cat", "model": "GPT-Image-1"}""")
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/large.png"))
                    .body("output_format", equalTo("png"))
                    .body("size", equalTo("1024x1024"));
            assertThat(Base64.getDecoder().decode(response.extract().<String> path("data[0].b64_json"))).isEqualTo(large);
        }
    }

    @Nested
    class EditsAndVariations {

        RequestSpecification form() {
            return given().header("Authorization", "Bearer " + KEY).multiPart("image", "cat.png", CAT);
        }

        @Test
        void anEditGetsTheUrlAndTheExactBytes() {
            assertUrlAndExactBytes(form().multiPart("prompt", "make it blue").when().post("/v1/images/edits").then())
                    .body("output_format", equalTo("png"));
        }

        @Test
        void aVariationGetsTheUrlAndTheExactBytes() {
            assertUrlAndExactBytes(form().when().post("/v1/images/variations").then());
        }

        @Test
        void aJsonEditGetsTheUrlAndTheExactBytes() {
            assertUrlAndExactBytes(given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("""
                    {"prompt": "make it blue", "images": [{"image_url": "data:image/png;base64,%s"}]}"""
                    .formatted(Base64.getEncoder().encodeToString(CAT)))
                    .when().post("/v1/images/edits").then());
        }

        @Test
        void gptImageOnlyFormFieldsAreAccepted() {
            assertUrlAndExactBytes(form().multiPart("prompt", "make it blue").multiPart("output_format", "png")
                    .multiPart("background", "transparent").multiPart("output_compression", "80")
                    .multiPart("moderation", "low").multiPart("partial_images", "0")
                    .when().post("/v1/images/edits").then());
        }

        @Test
        void gptImageOnlyJsonFieldsAreAccepted() {
            assertUrlAndExactBytes(given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("""
                    {"prompt": "make it blue", "images": [{"image_url": "data:image/png;base64,%s"}],
                     "output_format": "webp", "background": "opaque", "output_compression": 50, "moderation": "auto",
                     "partial_images": 1}""".formatted(Base64.getEncoder().encodeToString(CAT)))
                    .when().post("/v1/images/edits").then());
        }

        /** Today's answer, not a 502: the url alone was what an edit got before b64_json came with it. */
        @Test
        void aFileThatCannotBeFetchedLeavesItsUrlAlone() {
            poe.bot("StableDiffusionXL", """
                    event: file
                    data: {"url": "%s/files/missing.png", "content_type": "image/png", "name": "missing.png"}

                    event: done
                    data: {}

                    """.formatted(poe.baseUrl()));
            form().multiPart("prompt", "make it blue").when().post("/v1/images/edits").then()
                    .statusCode(200)
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/missing.png"))
                    .body("data[0]", not(hasKey("b64_json")))
                    .body("$", not(hasKey("output_format")));
            form().multiPart("prompt", "make it blue").multiPart("response_format", "b64_json")
                    .when().post("/v1/images/edits").then()
                    .statusCode(502)
                    .body("error.code", equalTo("image_download_failed"));
        }

        @ParameterizedTest(name = "response_format={0}")
        @CsvSource({ "url, url, b64_json", "b64_json, b64_json, url" })
        void anExplicitResponseFormatGivesExactlyThatField(String format, String present, String absent) {
            form().multiPart("prompt", "make it blue").multiPart("response_format", format)
                    .when().post("/v1/images/edits").then()
                    .statusCode(200)
                    .body("data[0]", hasKey(present))
                    .body("data[0]", not(hasKey(absent)));
            form().multiPart("response_format", format)
                    .when().post("/v1/images/variations").then()
                    .statusCode(200)
                    .body("data[0]", hasKey(present))
                    .body("data[0]", not(hasKey(absent)));
        }
    }
}
