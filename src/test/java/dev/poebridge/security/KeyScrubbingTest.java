package dev.poebridge.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SseReply;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Keys never leave: whatever Poe sends back (an error event, an error body of the bot query or of the upload, the
 * bot's text, a file's link) reaches neither the caller nor a log line with a key in it. Poe's echoes are made by
 * the stand-in itself, which repeats the {@code Authorization} header it received, so each case shows the key that
 * really travelled. Run in both key modes by {@link KeyScrubbingPassThroughTest} and
 * {@link KeyScrubbingServerHeldTest}.
 */
abstract class KeyScrubbingTest {

    static final String REDACTED = "[redacted]";
    static final String BOT = "Leaky-Bot";
    static final byte[] PNG = PoeStandIn.file("cat.png");

    @InjectPoeStandIn
    PoeStandIn poe;

    private CapturedLogs logs;

    /** The key the caller presents. */
    abstract String presentedKey();

    /** Every key in play: none of them may ever come back. */
    abstract List<String> secrets();

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.open();
    }

    @AfterEach
    void noKeyWasLogged() {
        logs.close();
        poe.reset();
        for (String secret : secrets()) {
            assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
        }
    }

    /** How Poe answers the bot query, each time repeating the Authorization header it got. */
    enum PoeEcho {
        ERROR_EVENT(sse("event: error\ndata: {\"allow_retry\": false, \"text\": \"Refused: Authorization: "
                + "{{{request.headers.Authorization}}}\"}\n\n")),
        ERROR_EVENT_AFTER_TEXT(sse("event: text\ndata: {\"text\": \"Working on it. \"}\n\n"
                + "event: error\ndata: {\"allow_retry\": false, \"text\": \"Crashed with header "
                + "{{{request.headers.Authorization}}}\"}\n\n")),
        JSON_401(json(401)),
        JSON_500(json(500)),
        SSE_ERROR_EVENT_ON_403(aResponse().withStatus(403).withHeader("Content-Type", "text/event-stream")
                .withBody("event: error\ndata: {\"allow_retry\": false, \"text\": \"Forbidden: Authorization: "
                        + "{{{request.headers.Authorization}}}\"}\n\n")),
        PLAIN_TEXT_502(aResponse().withStatus(502).withHeader("Content-Type", "text/plain")
                .withBody("Bad gateway for request with Authorization: {{{request.headers.Authorization}}}"));

        final ResponseDefinitionBuilder response;

        PoeEcho(ResponseDefinitionBuilder response) {
            this.response = response.withTransformers("response-template");
        }

        static ResponseDefinitionBuilder sse(String body) {
            return PoeStandIn.sse(body + "event: done\ndata: {}\n\n");
        }

        static ResponseDefinitionBuilder json(int status) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": {\"message\": \"Bad header Authorization: {{{request.headers.Authorization}}}\"}}");
        }
    }

    /** Every endpoint that queries a bot. */
    enum Endpoint {
        IMAGE_GENERATION, CHAT, CHAT_STREAM, COMPLETION, COMPLETION_STREAM, IMAGE_EDIT;

        ExtractableResponse<Response> call(RequestSpecification caller, String bot) {
            RequestSpecification request = switch (this) {
                case IMAGE_GENERATION -> caller.contentType(ContentType.JSON)
                        .body("{\"prompt\": \"a cat\", \"model\": \"" + bot + "\"}");
                case CHAT, CHAT_STREAM -> caller.contentType(ContentType.JSON).body("{\"model\": \"" + bot + "\", "
                        + "\"stream\": " + (this == CHAT_STREAM) + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
                case COMPLETION, COMPLETION_STREAM -> caller.contentType(ContentType.JSON).body("{\"model\": \"" + bot
                        + "\", \"stream\": " + (this == COMPLETION_STREAM) + ", \"prompt\": \"hi\"}");
                case IMAGE_EDIT -> caller.multiPart("image", "cat.png", PNG, "image/png").multiPart("prompt", "bluer")
                        .multiPart("model", bot);
            };
            String path = switch (this) {
                case IMAGE_GENERATION -> "/v1/images/generations";
                case CHAT, CHAT_STREAM -> "/v1/chat/completions";
                case COMPLETION, COMPLETION_STREAM -> "/v1/completions";
                case IMAGE_EDIT -> "/v1/images/edits";
            };
            return request.when().post(path).then().log().ifValidationFails().extract();
        }
    }

    RequestSpecification caller() {
        return given().header("Authorization", "Bearer " + presentedKey());
    }

    void assertScrubbed(String body) {
        assertThat(body).contains(REDACTED);
        for (String secret : secrets()) {
            assertThat(body).doesNotContain(secret);
        }
    }

    /** 6 kinds of echo on each of 6 endpoints. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyEchoOnEveryEndpoint")
    void aKeyPoeEchoesInAnErrorNeverComesBack(PoeEcho echo, Endpoint endpoint) {
        poe.bot(BOT, echo.response);
        ExtractableResponse<Response> response = endpoint.call(caller(), BOT);
        assertThat(response.statusCode()).as(response.asString()).isNotIn(500);
        assertScrubbed(response.asString());
    }

    static List<Arguments> everyEchoOnEveryEndpoint() {
        List<Arguments> cases = new ArrayList<>();
        for (PoeEcho echo : PoeEcho.values()) {
            for (Endpoint endpoint : Endpoint.values()) {
                cases.add(Arguments.of(echo, endpoint));
            }
        }
        return cases;
    }

    @Test
    void theFailuresThatAreLoggedAreScrubbedToo() {
        poe.bot(BOT, PoeEcho.JSON_500.response);
        Endpoint.CHAT.call(caller(), BOT);
        assertThat(logs.lines()).as("Poe's 500 is logged").anyMatch(line -> line.contains(BOT) && line.contains(REDACTED));
    }

    /** The file uploads, each authorised with the raw key, which Poe's error body repeats. */
    enum Upload {
        CHAT_DATA_URL, CHAT_IMAGE_URL, IMAGE_EDIT, COMPLETION_FILES;

        ExtractableResponse<Response> call(RequestSpecification caller) {
            String png = Base64.getEncoder().encodeToString(PNG);
            return switch (this) {
                case CHAT_DATA_URL -> chat(caller, "data:image/png;base64," + png);
                case CHAT_IMAGE_URL -> chat(caller, "https://images.example.com/cat.png");
                case IMAGE_EDIT -> Endpoint.IMAGE_EDIT.call(caller, BOT);
                case COMPLETION_FILES -> caller.multiPart("prompt", "what is this").multiPart("model", BOT)
                        .multiPart("file", "cat.png", PNG, "image/png")
                        .when().post("/v1/completions").then().log().ifValidationFails().extract();
            };
        }

        private static ExtractableResponse<Response> chat(RequestSpecification caller, String url) {
            return caller.contentType(ContentType.JSON).body("""
                    {"model": "%s", "messages": [{"role": "user", "content": [
                      {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(BOT, url))
                    .when().post("/v1/chat/completions").then().log().ifValidationFails().extract();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Upload.class)
    void aKeyPoesUploadEchoesNeverComesBack(Upload upload) {
        for (int status : new int[] { 401, 500 }) {
            poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"Not allowed: Authorization: {{{request.headers.Authorization}}}\"}")
                    .withTransformers("response-template")));
            ExtractableResponse<Response> response = upload.call(caller());
            assertThat(response.statusCode()).isEqualTo(status == 401 ? 401 : 502);
            assertScrubbed(response.asString());
            assertThat(poe.queriesTo(BOT)).isZero();
        }
    }

    /** The bot says every key in play, each once whole and once split across two text events. */
    String talkativeBot() {
        StringBuilder sse = new StringBuilder("event: text\ndata: {\"text\": \"Keys:\"}\n\n");
        for (String secret : secrets()) {
            int half = secret.length() / 2;
            sse.append("event: text\ndata: {\"text\": \" Bearer ").append(secret).append(", ")
                    .append(secret, 0, half).append("\"}\n\n")
                    .append("event: text\ndata: {\"text\": \"").append(secret, half, secret.length()).append(";\"}\n\n");
        }
        return sse.append("event: done\ndata: {}\n\n").toString();
    }

    String talkativeBotScrubbed() {
        return "Keys:" + (" Bearer " + REDACTED + ", " + REDACTED + ";").repeat(secrets().size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = { "CHAT", "CHAT_STREAM", "COMPLETION", "COMPLETION_STREAM" })
    void aKeyTheBotSaysIsRemovedFromItsAnswerEvenSplitAcrossDeltas(Endpoint endpoint) {
        poe.bot(BOT, talkativeBot());
        ExtractableResponse<Response> response = endpoint.call(caller(), BOT);
        assertThat(response.statusCode()).isEqualTo(200);
        String content = switch (endpoint) {
            case CHAT -> response.path("choices[0].message.content");
            case COMPLETION -> response.path("choices[0].text");
            default -> SseReply.parse(response.asString()).content();
        };
        assertThat(content).isEqualTo(talkativeBotScrubbed());
        assertScrubbed(response.asString());
    }

    String fileWithKeysInItsLink() {
        String secret = secrets().get(0);
        return "event: file\ndata: {\"url\": \"" + poe.baseUrl() + "/files/" + secret + "/cat.png?key="
                + String.join(",", secrets()) + "\", \"content_type\": \"image/png\", \"name\": \"" + secret
                + ".png\"}\n\nevent: done\ndata: {}\n\n";
    }

    @Test
    void aKeyInAnImagesLinkIsRemovedFromTheUrlReturned() {
        poe.bot(BOT, fileWithKeysInItsLink());
        ExtractableResponse<Response> response = Endpoint.IMAGE_GENERATION.call(caller(), BOT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.<String> path("data[0].url")).startsWith(poe.baseUrl() + "/files/" + REDACTED + "/cat.png?key=");
        assertScrubbed(response.asString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = { "CHAT", "CHAT_STREAM", "COMPLETION", "COMPLETION_STREAM", "IMAGE_EDIT" })
    void aKeyInAFilesLinkOrNameIsRemovedFromTheAnswer(Endpoint endpoint) {
        poe.bot(BOT, fileWithKeysInItsLink());
        ExtractableResponse<Response> response = endpoint.call(caller(), BOT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertScrubbed(response.asString());
    }
}
