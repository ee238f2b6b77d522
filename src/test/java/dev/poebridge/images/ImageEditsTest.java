package dev.poebridge.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.MultipartValuePatternBuilder;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** {@code POST /v1/images/edits} and {@code /v1/images/variations} against the Poe stand-in. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ImageEditsTest {

    static final byte[] PNG = PoeStandIn.file("cat.png");
    static final byte[] JPEG = { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 3 };
    static final byte[] WEBP = { 'R', 'I', 'F', 'F', 20, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 1, 2 };

    @InjectPoeStandIn
    PoeStandIn poe;

    @BeforeEach
    void drawingBots() {
        poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        poe.bot("Editor", poe.fixture("image-only"));
    }

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static RequestSpecification form() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    static ValidatableResponse edit(RequestSpecification form) {
        return form.when().post("/v1/images/edits").then().log().ifValidationFails();
    }

    static MultipartValuePatternBuilder uploadedFile(String fileName, String contentType, byte[] bytes) {
        return new MultipartValuePatternBuilder().withName("file")
                .withHeader("Content-Disposition", containing("filename=\"" + fileName + "\""))
                .withHeader("Content-Type", WireMock.equalTo(contentType))
                .withBody(WireMock.binaryEqualTo(bytes));
    }

    @Test
    @DisabledOnIntegrationTest("the packaged bridge keeps its uploads elsewhere; target/test-uploads is the test profile's")
    void removesTemporaryFilesAfterTheRequestWhateverItsOutcome() throws Exception {
        edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")).statusCode(200);
        poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(401)));
        edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")).statusCode(401);
        edit(form().multiPart("image", "notes.txt", "text".getBytes()).multiPart("prompt", "x")).statusCode(400);
        Path uploads = Path.of("target/test-uploads");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (filesIn(uploads) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // deletion happens as the request ends, just after the response
        }
        assertThat(filesIn(uploads)).isZero();
    }

    static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Nested
    class Edits {

        @Test
        void uploadsTheImageAsSentWithItsRealTypeAndAsksTheBotWithIt() {
            edit(form().multiPart("image", "kitty.png", PNG, "application/octet-stream")
                    .multiPart("prompt", "make it blue").multiPart("model", "Editor")
                    .multiPart("size", "1024x1024").multiPart("quality", "high").multiPart("input_fidelity", "high"))
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"));
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload"))
                    .withHeader("Authorization", WireMock.equalTo(KEY))
                    .withRequestBodyPart(uploadedFile("kitty.png", "image/png", PNG).build()));
            poe.wireMock().verify(queryTo("Editor")
                    .withRequestBody(matchingJsonPath("$.query.length()", WireMock.equalTo("1")))
                    .withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("make it blue")))
                    .withRequestBody(matchingJsonPath("$.query[0].attachments[0].url",
                            WireMock.equalTo(poe.baseUrl() + "/attachments/uploaded")))
                    .withRequestBody(matchingJsonPath("$.query[0].attachments[0].name", WireMock.equalTo("kitty.png"))));
        }

        @Test
        void sendsSeveralImagesGivenAsImageArrayInOneQuery() {
            edit(form().multiPart("image[]", "a.jpg", JPEG, "image/jpeg").multiPart("image[]", "b.png", PNG, "image/png")
                    .multiPart("image[]", "c.webp", WEBP, "image/webp").multiPart("prompt", "combine them"))
                    .statusCode(200);
            poe.wireMock().verify(postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(uploadedFile("a.jpg", "image/jpeg", JPEG).build()));
            poe.wireMock().verify(postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(uploadedFile("b.png", "image/png", PNG).build()));
            poe.wireMock().verify(postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(uploadedFile("c.webp", "image/webp", WEBP).build()));
            poe.wireMock().verify(3, postRequestedFor(urlPathEqualTo("/upload")));
            poe.wireMock().verify(queryTo("StableDiffusionXL")
                    .withRequestBody(matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("3"))));
        }

        @Test
        void uploadsEachImageOnceForNReplies() {
            String b64 = edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "make it blue")
                    .multiPart("n", "3").multiPart("response_format", "b64_json"))
                    .statusCode(200).body("data", hasSize(3)).extract().path("data[2].b64_json");
            assertThat(Base64.getDecoder().decode(b64)).isEqualTo(PNG);
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload")));
            assertThat(poe.queriesTo("StableDiffusionXL")).isEqualTo(3);
        }

        @Test
        void refusesWhatIsNotAnImage() {
            edit(form().multiPart("image", "notes.txt", "just text".getBytes(), "image/png").multiPart("prompt", "x"))
                    .statusCode(400).body("error.param", equalTo("image")).body("error.message", containsString("notes.txt"));
            assertThat(poe.wireMock().findAll(postRequestedFor(urlPathEqualTo("/upload")))).isEmpty();
        }

        @Test
        void refusesAMaskClearly() {
            edit(form().multiPart("image", "cat.png", PNG).multiPart("mask", "mask.png", PNG).multiPart("prompt", "x"))
                    .statusCode(400).body("error.param", equalTo("mask")).body("error.message", containsString("prompt"));
        }

        @Test
        void refusesMissingOrWrongFields() {
            edit(form().multiPart("image", "cat.png", PNG)).statusCode(400).body("error.param", equalTo("prompt"));
            edit(form().multiPart("prompt", "x").multiPart("other", "a.png", PNG)).statusCode(400).body("error.param", equalTo("image"));
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x").multiPart("n", "many"))
                    .statusCode(400).body("error.param", equalTo("n"));
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x").multiPart("response_format", "png"))
                    .statusCode(400).body("error.param", equalTo("response_format"));
            RequestSpecification seventeen = form().multiPart("prompt", "x");
            for (int i = 0; i < 17; i++) {
                seventeen.multiPart("image[]", "i" + i + ".png", PNG);
            }
            edit(seventeen).statusCode(400).body("error.param", equalTo("image"));
            assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
        }

        @Test
        void mapsUploadFailuresLikeOtherPoeFailures() {
            poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(500).withBody("down")));
            assertOpenAiError(edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")), 502, "api_error", "upstream_error");
            poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(401).withBody("no")));
            assertOpenAiError(edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")), 401,
                    "invalid_request_error", "invalid_api_key");
            assertThat(poe.queriesTo("StableDiffusionXL")).isZero();
        }
    }

    @Nested
    class JsonEdits {

        @Test
        void uploadsDataUrlsAndHandsHttpsUrlsToPoe() {
            given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("""
                    {"prompt": "put them together", "model": "Editor", "images": [
                      {"image_url": "data:image/png;base64,%s"},
                      {"image_url": "https://images.example.com/dog.webp"}]}""".formatted(Base64.getEncoder().encodeToString(PNG)))
                    .when().post("/v1/images/edits").then().statusCode(200);
            poe.wireMock().verify(postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(uploadedFile("image-1.png", "image/png", PNG).build()));
            poe.wireMock().verify(postRequestedFor(urlPathEqualTo("/upload"))
                    .withFormParam("download_url", WireMock.equalTo("https://images.example.com/dog.webp")));
            poe.wireMock().verify(queryTo("Editor").withRequestBody(matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("2"))));
        }

        @ParameterizedTest(name = "{0} -> 400 on {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"prompt": "x", "images": [{"file_id": "file-1"}]}                                                             | images[0]
                {"prompt": "x", "images": [{"image_url": "https://a/b.png"}], "mask": {"image_url": "https://a/m.png"}}       | mask
                {"prompt": "x", "images": [{"image_url": "data:image/png;base64,aGVsbG8="}]}                                  | images[0].image_url
                """)
        void refusesFileIdsMasksAndNonImages(String request, String param) {
            given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body(request)
                    .when().post("/v1/images/edits").then().statusCode(400).body("error.param", equalTo(param));
            assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
        }
    }

    @Nested
    class Variations {

        @Test
        void asksTheVariationBotWithTheConfiguredPrompt() {
            form().multiPart("image", "cat.png", PNG).multiPart("n", "2")
                    .when().post("/v1/images/variations").then().statusCode(200).body("data", hasSize(2));
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(uploadedFile("cat.png", "image/png", PNG).build()));
            poe.wireMock().verify(2, queryTo("StableDiffusionXL")
                    .withRequestBody(matchingJsonPath("$.query[0].content", containing("variation")))
                    .withRequestBody(matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("1"))));
        }

        @Test
        void needsExactlyOneImage() {
            form().multiPart("prompt", "x").when().post("/v1/images/variations").then().statusCode(400).body("error.param", equalTo("image"));
        }
    }

    /** {@code size} and {@code quality} reach the bots that take them, from each form; a bad size is a 400. */
    @Nested
    class SizeAndQuality {

        @Test
        void theMultipartEditSendsAGptImageBotAspectAndQuality() {
            poe.bot("gpt-image-1", poe.fixture("image-only"));
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "make it blue")
                    .multiPart("model", "gpt-image-1").multiPart("size", "1024x1536").multiPart("quality", "low"))
                    .statusCode(200);
            assertThat(poe.lastQueryTo("gpt-image-1").at("/query/0/parameters").toString())
                    .isEqualTo("{\"aspect\":\"2:3\",\"quality\":\"low\"}");
        }

        @Test
        void theJsonEditSendsAGptImageBotAspectAndQuality() {
            poe.bot("GPT-Image-1", poe.fixture("image-only"));
            given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("""
                    {"prompt": "make it blue", "model": "GPT-Image-1", "size": "1024x1024", "quality": "medium",
                     "images": [{"image_url": "https://images.example.com/dog.webp"}]}""")
                    .when().post("/v1/images/edits").then().statusCode(200);
            assertThat(poe.lastQueryTo("GPT-Image-1").at("/query/0/parameters").toString())
                    .isEqualTo("{\"aspect\":\"1:1\",\"quality\":\"medium\"}");
        }

        @Test
        void aVariationSendsTheSizeToABotInTheTable() {
            poe.bot(PoeStandIn.ASPECT_ONLY_BOT, poe.fixture("image-only"));
            form().multiPart("image", "cat.png", PNG).multiPart("model", PoeStandIn.ASPECT_ONLY_BOT)
                    .multiPart("size", "1792x1024").multiPart("quality", "high")
                    .when().post("/v1/images/variations").then().statusCode(200);
            assertThat(poe.lastQueryTo(PoeStandIn.ASPECT_ONLY_BOT).at("/query/0/parameters").toString())
                    .isEqualTo("{\"aspect\":\"3:2\"}");
        }

        @Test
        void otherBotsAreSentNoParameters() {
            edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x").multiPart("size", "1536x1024")
                    .multiPart("quality", "high")).statusCode(200);
            assertThat(poe.lastQueryTo("StableDiffusionXL").at("/query/0").has("parameters")).isFalse();
        }

        @Test
        void aSizeThatIsNeitherWidthByHeightNorAutoIsA400OnEveryEndpoint() {
            assertOpenAiError(edit(form().multiPart("image", "cat.png", PNG).multiPart("prompt", "x")
                    .multiPart("size", "square")), 400, "invalid_request_error", "invalid_value")
                    .body("error.param", equalTo("size"));
            assertOpenAiError(form().contentType(ContentType.JSON).body("""
                    {"prompt": "x", "size": "1024", "images": [{"image_url": "https://images.example.com/dog.webp"}]}""")
                    .when().post("/v1/images/edits").then(), 400, "invalid_request_error", "invalid_value")
                    .body("error.param", equalTo("size"));
            assertOpenAiError(form().multiPart("image", "cat.png", PNG).multiPart("size", "large")
                    .when().post("/v1/images/variations").then(), 400, "invalid_request_error", "invalid_value")
                    .body("error.param", equalTo("size"));
            assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
        }
    }
}
