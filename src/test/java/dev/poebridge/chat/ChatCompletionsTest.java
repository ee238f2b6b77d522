package dev.poebridge.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static dev.poebridge.testsupport.PoeStandIn.errorEvent;
import static dev.poebridge.testsupport.PoeStandIn.queryTo;
import static dev.poebridge.testsupport.PoeStandIn.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.MultipartValuePatternBuilder;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SseReply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code POST /v1/chat/completions} against the Poe stand-in. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ChatCompletionsTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @TestHTTPResource("/v1/chat/completions")
    URL endpoint;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static String ask(String bot, boolean stream) {
        return """
                {"model": "%s", "stream": %s, "messages": [{"role": "user", "content": "Draw a cat"}]}"""
                .formatted(bot, stream);
    }

    /** What the bot of {@code text-two-images-and-suggestions} says, its files as links and its suggestions left out. */
    static final String FILE_LINKS = "Here is your image: ![cat]({{base}}/files/cat.png)\n![dog.png]({{base}}/files/dog.png)\n";

    static String png() {
        return Base64.getEncoder().encodeToString(PoeStandIn.file("cat.png"));
    }

    /** A 400 OpenAI error naming {@code param} (and saying {@code messagePart}, if given); Poe never called. */
    void assertRefusedBeforeCallingPoe(String request, String param, String messagePart) {
        ValidatableResponse response = chat(request).statusCode(400).body("error.param", equalTo(param));
        if (messagePart != null) {
            response.body("error.message", containsString(messagePart));
        }
        assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
    }

    @Nested
    class NonStreaming {

        @Test
        void answersInOpenAiShapeWithTheRequestedModel() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            chat(ask("GPT-4o", false)).statusCode(200)
                    .contentType(containsString("application/json"))
                    .body("id", startsWith("chatcmpl-"))
                    .body("object", equalTo("chat.completion"))
                    .body("model", equalTo("GPT-4o"))
                    .body("choices[0].index", equalTo(0))
                    .body("choices[0].message.role", equalTo("assistant"))
                    .body("choices[0].message.content", equalTo("I can't create images of that. Try another prompt."))
                    .body("choices[0].finish_reason", equalTo("stop"))
                    .body("usage.prompt_tokens", greaterThan(0))
                    .body("usage.completion_tokens", equalTo(13))
                    .body("usage.total_tokens", greaterThan(13));
        }

        static Stream<Arguments> wholeAnswers() {
            return Stream.of(
                    arguments("places each file as a markdown link on its own line and leaves out suggestions", "Painter",
                            "text-two-images-and-suggestions", FILE_LINKS),
                    arguments("resolves inline references to the files they name", "Painter", "inline-ref-before-file",
                            "Look: ![a cat](https://cdn.example.com/cat.png) nice, right?"),
                    arguments("follows replace_response exactly: a bot that keeps rewriting", "Mercury", "rewriting-bot",
                            "Hello, world!"),
                    arguments("follows replace_response exactly: a replaced status line", "Thinker", "replace-status-line",
                            "The answer is 42."));
        }

        /** The answer is the text the bot's reply adds up to, {@code {{base}}} standing for the stand-in's URL. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("wholeAnswers")
        void answersWithTheTextTheReplyAddsUpTo(String behaviour, String bot, String fixture, String content) {
            poe.bot(bot, poe.fixture(fixture));
            chat(ask(bot, false)).statusCode(200)
                    .body("choices[0].message.content", equalTo(content.replace("{{base}}", poe.baseUrl())));
        }

        @Test
        void mapsPoeFailuresToTheirStatuses() {
            assertOpenAiError(chat(ask("No-Such-Bot", false)), 404, "invalid_request_error", "model_not_found");
            poe.bot("Broke", aResponse().withStatus(402).withHeader("Content-Type", "application/json").withBody("{}"));
            assertOpenAiError(chat(ask("Broke", false)), 402, "insufficient_quota", "insufficient_quota");
        }

        @Test
        void aFailureAfterPartialOutputIsAnErrorNotAPartialAnswer() {
            poe.bot("Flaky", poe.fixture("text-then-error"));
            assertOpenAiError(chat(ask("Flaky", false)), 502, "api_error", "upstream_error");
        }
    }

    @Nested
    class TheQuery {

        @Test
        void mapsRolesAndPassesTemperatureAndStop() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            chat("""
                    {"model": "GPT-4o", "temperature": 0.3, "stop": ["END", "STOP"], "max_tokens": 5, "top_p": 0.9,
                     "messages": [
                       {"role": "developer", "content": "Be terse."},
                       {"role": "system", "content": "Answer in English."},
                       {"role": "user", "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": "there"}]},
                       {"role": "assistant", "content": "Hello!"},
                       {"role": "assistant", "content": null},
                       {"role": "user", "content": "Again"}]}""").statusCode(200);
            poe.wireMock().verify(queryTo("GPT-4o")
                    .withRequestBody(matchingJsonPath("$.query[0].role", WireMock.equalTo("system")))
                    .withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("Be terse.")))
                    .withRequestBody(matchingJsonPath("$.query[1].role", WireMock.equalTo("system")))
                    .withRequestBody(matchingJsonPath("$.query[2].role", WireMock.equalTo("user")))
                    .withRequestBody(matchingJsonPath("$.query[2].content", WireMock.equalTo("Hi\nthere")))
                    .withRequestBody(matchingJsonPath("$.query[3].role", WireMock.equalTo("bot")))
                    .withRequestBody(matchingJsonPath("$.query[4].content", WireMock.equalTo("")))
                    .withRequestBody(matchingJsonPath("$.query[5].content", WireMock.equalTo("Again")))
                    .withRequestBody(matchingJsonPath("$.temperature", WireMock.equalTo("0.3")))
                    .withRequestBody(matchingJsonPath("$.stop_sequences[1]", WireMock.equalTo("STOP"))));
        }

        @Test
        void aSingleStopStringBecomesOneStopSequence() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            chat("""
                    {"model": "GPT-4o", "stop": "END", "messages": [{"role": "user", "content": "Hi"}]}""").statusCode(200);
            poe.wireMock().verify(queryTo("GPT-4o").withRequestBody(matchingJsonPath("$.stop_sequences[0]", WireMock.equalTo("END"))));
        }

        /** Refused with a 400 before Poe is called; the message, where given, says why. */
        @ParameterizedTest(name = "{0} -> 400 on {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"model": "GPT-4o", "messages": [{"role": "tool", "content": "42", "tool_call_id": "c1"}]}                   | messages[0].role                | tools
                {"model": "GPT-4o", "messages": [{"role": "user", "content": "hi"}, {"role": "wizard", "content": "x"}]}     | messages[1].role                |
                {"messages": [{"role": "user", "content": "hi"}]}                                                           | model                           |
                {"model": "GPT-4o", "messages": []}                                                                         | messages                        |
                {"model": "GPT-4o"}                                                                                         | messages                        |
                {"model": "GPT-4o", "n": 2, "messages": [{"role": "user", "content": "hi"}]}                                | n                               |
                {"model": "GPT-4o", "stop": 5, "messages": [{"role": "user", "content": "hi"}]}                             | stop                            |
                {"model": "GPT-4o", "temperature": -1, "messages": [{"role": "user", "content": "hi"}]}                     | temperature                     |
                {"model": "GPT-4o", "messages": [{"role": "user", "content": [{"type": "input_audio"}]}]}                   | messages[0].content[0].type     |
                {"model": "GPT-4o", "stream": true, "messages": [{"role": "user", "content": 7}]}                           | messages[0].content             |
                """)
        void refusesBadRequestsBeforeCallingPoe(String request, String param, String messagePart) {
            assertRefusedBeforeCallingPoe(request, param, messagePart);
        }
    }

    @Nested
    class Uploads {

        @Test
        void uploadsDataUrlBytesIntactWithTheRawKeyAndAttachesThem() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            chat("""
                    {"model": "GPT-4o", "messages": [{"role": "user", "content": [
                      {"type": "text", "text": "What is this?"},
                      {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]}]}""".formatted(png()))
                    .statusCode(200);
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload"))
                    .withHeader("Authorization", WireMock.equalTo(KEY))
                    .withRequestBodyPart(new MultipartValuePatternBuilder().withName("file")
                            .withHeader("Content-Disposition", containing("filename=\"image-1.png\""))
                            .withHeader("Content-Type", WireMock.equalTo("image/png"))
                            .withBody(WireMock.binaryEqualTo(PoeStandIn.file("cat.png"))).build()));
            poe.wireMock().verify(queryTo("GPT-4o")
                    .withRequestBody(matchingJsonPath("$.query[0].content", WireMock.equalTo("What is this?")))
                    .withRequestBody(matchingJsonPath("$.query[0].attachments[0].url",
                            WireMock.equalTo(poe.baseUrl() + "/attachments/uploaded")))
                    .withRequestBody(matchingJsonPath("$.query[0].attachments[0].name", WireMock.equalTo("image-1.png"))));
        }

        @Test
        void handsHttpUrlsToPoeAsDownloadUrlsWithoutFetchingThem() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            chat("""
                    {"model": "GPT-4o", "messages": [{"role": "user", "content": [
                      {"type": "image_url", "image_url": {"url": "https://images.example.com/pets/cat.jpg"}}]}]}""")
                    .statusCode(200);
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload"))
                    .withHeader("Authorization", WireMock.equalTo(KEY))
                    .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                    .withFormParam("download_url", WireMock.equalTo("https://images.example.com/pets/cat.jpg"))
                    .withFormParam("download_filename", WireMock.equalTo("cat.jpg")));
        }

        @Test
        void uploadsTwoImagesTwiceAndTheSameImageOnce() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            String dog = Base64.getEncoder().encodeToString(PoeStandIn.file("dog.png"));
            chat("""
                    {"model": "GPT-4o", "messages": [
                      {"role": "user", "content": [
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,%1$s"}},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,%2$s"}}]},
                      {"role": "assistant", "content": "Two animals."},
                      {"role": "user", "content": [
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,%1$s"}},
                        {"type": "text", "text": "And this one again?"}]}]}""".formatted(png(), dog))
                    .statusCode(200);
            poe.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/upload")));
            poe.wireMock().verify(queryTo("GPT-4o")
                    .withRequestBody(matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("2")))
                    .withRequestBody(matchingJsonPath("$.query[2].attachments.length()", WireMock.equalTo("1"))));
        }

        @Test
        void acceptsFileParts() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 tiny".getBytes(StandardCharsets.UTF_8));
            chat("""
                    {"model": "GPT-4o", "messages": [{"role": "user", "content": [
                      {"type": "file", "file": {"filename": "notes.pdf", "file_data": "data:application/pdf;base64,%s"}}]}]}"""
                    .formatted(pdf)).statusCode(200);
            poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload"))
                    .withRequestBodyPart(new MultipartValuePatternBuilder().withName("file")
                            .withHeader("Content-Disposition", containing("filename=\"notes.pdf\""))
                            .withHeader("Content-Type", WireMock.equalTo("application/pdf")).build()));
        }

        @Test
        void anUploadFailureFailsTheRequestAndNeverInlinesTheBase64() {
            poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(500).withBody("oops")));
            assertOpenAiError(chat("""
                    {"model": "GPT-4o", "messages": [{"role": "user", "content": [
                      {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]}]}""".formatted(png())),
                    502, "api_error", "upstream_error")
                    .body("error.message", containsString("upload"));
            poe.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/upload"))); // one retry
            assertThat(poe.queriesTo("GPT-4o")).isZero();
        }

        @Test
        void anUploadRejectedForTheKeyIs401() {
            poe.wireMock().stubFor(post(urlPathEqualTo("/upload")).willReturn(aResponse().withStatus(401).withBody("bad key")));
            assertOpenAiError(chat("""
                    {"model": "GPT-4o", "stream": true, "messages": [{"role": "user", "content": [
                      {"type": "image_url", "image_url": {"url": "https://x.example/a.png"}}]}]}"""),
                    401, "invalid_request_error", "invalid_api_key");
        }

        /** A part the bridge cannot read is refused with a 400 before anything is uploaded. */
        @ParameterizedTest(name = "{0} -> 400")
        @CsvSource(delimiter = '|', textBlock = """
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}}  | messages[0].content[0].image_url.url |
                {"type": "image_url", "image_url": {"url": "ftp://x/a.png"}}              | messages[0].content[0].image_url.url |
                {"type": "file", "file": {"file_id": "file-123"}}                         | messages[0].content[0].file          | file_data
                """)
        void refusesPartsItCannotRead(String part, String param, String messagePart) {
            assertRefusedBeforeCallingPoe("""
                    {"model": "GPT-4o", "messages": [{"role": "user", "content": [%s]}]}""".formatted(part), param, messagePart);
        }
    }

    @Nested
    class Streaming {

        @Test
        void streamsOpenAiChunksWithOneIdRoleFirstFinishLastAndDone() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            SseReply reply = streamed(chat(ask("GPT-4o", true)));
            List<JsonNode> chunks = reply.json();
            assertThat(reply.endsWithDone()).isTrue();
            assertThat(chunks).extracting(c -> c.get("id").asText()).containsOnly(chunks.get(0).get("id").asText());
            assertThat(chunks).extracting(c -> c.get("created").asLong()).containsOnly(chunks.get(0).get("created").asLong());
            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(c.get("model").asText()).isEqualTo("GPT-4o");
                assertThat(c.has("usage")).as("usage only when asked for").isFalse();
            });
            assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            JsonNode last = chunks.get(chunks.size() - 1);
            assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(last.at("/choices/0/delta").isEmpty()).isTrue();
            assertThat(chunks.subList(0, chunks.size() - 1))
                    .allSatisfy(c -> assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue());
            assertThat(reply.content()).isEqualTo("I can't create images of that. Try another prompt.");
        }

        @Test
        void includeUsageAddsAUsageChunkWithEmptyChoicesBeforeDone() {
            poe.bot("GPT-4o", poe.fixture("text-only"));
            SseReply reply = streamed(chat("""
                    {"model": "GPT-4o", "stream": true, "stream_options": {"include_usage": true},
                     "messages": [{"role": "user", "content": "Draw a cat"}]}"""));
            List<JsonNode> chunks = reply.json();
            JsonNode usage = chunks.get(chunks.size() - 1);
            assertThat(usage.get("choices")).isEmpty();
            assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(13);
            assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> {
                assertThat(c.has("usage")).isTrue();
                assertThat(c.get("usage").isNull()).isTrue();
            });
            assertThat(reply.endsWithDone()).isTrue();
        }

        static Stream<Arguments> streamedAnswers() {
            return Stream.of(
                    arguments("sends each file link as it arrives", "Painter", "text-two-images-and-suggestions", FILE_LINKS),
                    arguments("holds an inline reference back until its file arrives", "Painter", "inline-ref-before-file",
                            "Look: ![a cat](https://cdn.example.com/cat.png) nice, right?"),
                    arguments("a replacement that extends the text sends only the new suffix", "Bot", "replace-extends",
                            "Hello, world!"),
                    arguments("a replaced status line is followed by the answer on a new paragraph", "Thinker",
                            "replace-status-line", "Thinking...\n\nThe answer is 42."),
                    arguments("a bot that keeps rewriting is sent once at the end without repeats", "Mercury", "rewriting-bot",
                            "Hxlo wrld\n\nHello, world!"));
        }

        /** The deltas add up to this text, {@code {{base}}} standing for the stand-in's URL. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("streamedAnswers")
        void streamsTheTextTheReplyAddsUpTo(String behaviour, String bot, String fixture, String content) {
            poe.bot(bot, poe.fixture(fixture));
            assertThat(streamed(chat(ask(bot, true))).content()).isEqualTo(content.replace("{{base}}", poe.baseUrl()));
        }

        @Test
        void failuresBeforeTheStreamStartsKeepTheirHttpStatus() {
            assertOpenAiError(chat(ask("No-Such-Bot", true)), 404, "invalid_request_error", "model_not_found");
            poe.bot("Busy", aResponse().withStatus(429).withHeader("Retry-After", "9"));
            assertOpenAiError(chat(ask("Busy", true)), 429, "rate_limit_error", "rate_limit_exceeded").header("Retry-After", "9");
            poe.bot("Broke", sse(errorEvent("{\"allow_retry\": false, \"text\": \"no\", \"error_type\": \"insufficient_fund\"}")));
            assertOpenAiError(chat(ask("Broke", true)), 402, "insufficient_quota", "insufficient_quota");
        }

        @Test
        void aFailureAfterOutputEndsTheStreamWithAnErrorObject() {
            poe.bot("Flaky", poe.fixture("text-then-error"));
            SseReply reply = streamed(chat(ask("Flaky", true)));
            assertThat(reply.content()).isEqualTo("Starting...");
            JsonNode last = reply.json().get(reply.json().size() - 1);
            assertThat(last.at("/error/code").asText()).isEqualTo("upstream_error");
            assertThat(last.at("/error/message").asText()).contains("Internal server error");
            assertThat(reply.endsWithDone()).as("an error is not a normal end").isFalse();
            assertThat(poe.queriesTo("Flaky")).isEqualTo(1);
        }

        @Test
        void aStreamCutBeforeDoneEndsWithAnError() {
            poe.bot("Cut", poe.fixture("no-done"));
            SseReply reply = streamed(chat(ask("Cut", true)));
            assertThat(reply.content()).isEqualTo("Working on it");
            assertThat(reply.json().get(reply.json().size() - 1).at("/error/code").asText()).isEqualTo("upstream_truncated");
        }

        @Test
        void theFirstChunkReachesTheClientLongBeforeTheBotFinishes() throws Exception {
            poe.bot("Slowpoke", sse(poe.fixture("replace-extends")).withChunkedDribbleDelay(6, 3000));
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.toString()))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ask("Slowpoke", true))).build();
            HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long firstContent = -1;
            long end;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (firstContent < 0 && line.contains("\"content\":\"Hello")) {
                        firstContent = System.nanoTime();
                    }
                }
                end = System.nanoTime();
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(firstContent).as("content arrived").isPositive();
            // The stand-in spreads its reply over 3 s; a bridge that buffered would deliver everything at the end.
            assertThat((end - firstContent) / 1_000_000).as("ms between the first content and the end").isGreaterThan(1000);
        }
    }
}
