package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bad input is a 4xx OpenAI error naming the field, on every JSON endpoint: a value of the wrong JSON type is refused,
 * never coerced (Jackson's default would read {@code "prompt": 5} as "5" and {@code "stream": "true"} as true).
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class InputValidationTest {

    static final String GENERATIONS = "/v1/images/generations";
    static final String EDITS = "/v1/images/edits";
    static final String CHAT = "/v1/chat/completions";
    static final String COMPLETIONS = "/v1/completions";
    static final String MESSAGES = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
    static final String IMAGES = "\"images\": [{\"image_url\": \"https://example.com/cat.png\"}]";

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    static Stream<Arguments> wronglyTypedFields() {
        return Stream.of(
                Arguments.of(GENERATIONS, "{\"prompt\": 5}", "prompt"),
                Arguments.of(GENERATIONS, "{\"prompt\": true}", "prompt"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"model\": {\"name\": \"Imagen-3-Fast\"}}", "model"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"model\": [\"Imagen-3-Fast\"]}", "model"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"n\": \"2\"}", "n"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"n\": 1.5}", "n"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"n\": true}", "n"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"n\": \"\"}", "n"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"stream\": \"true\"}", "stream"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"stream\": 0}", "stream"),
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"response_format\": 1}", "response_format"),
                Arguments.of(EDITS, "{\"prompt\": 5, " + IMAGES + "}", "prompt"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"images\": \"https://example.com/cat.png\"}", "images"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"images\": [{\"image_url\": 5}]}", "images[0].image_url"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"n\": \"2\", " + IMAGES + "}", "n"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"model\": {}, " + IMAGES + "}", "model"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"stream\": \"false\", " + IMAGES + "}", "stream"),
                Arguments.of(CHAT, "{\"model\": 5, " + MESSAGES + "}", "model"),
                Arguments.of(CHAT, "{\"model\": {\"id\": \"GPT-4o\"}, " + MESSAGES + "}", "model"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"stream\": \"true\", " + MESSAGES + "}", "stream"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"stream\": 1, " + MESSAGES + "}", "stream"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"n\": \"1\", " + MESSAGES + "}", "n"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"temperature\": \"0.5\", " + MESSAGES + "}", "temperature"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"temperature\": false, " + MESSAGES + "}", "temperature"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"messages\": {\"role\": \"user\", \"content\": \"hi\"}}", "messages"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"messages\": [{\"role\": 1, \"content\": \"hi\"}]}", "messages[0].role"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"stream_options\": {\"include_usage\": \"yes\"}, " + MESSAGES + "}",
                        "stream_options.include_usage"),
                Arguments.of(CHAT, "{\"model\": \"GPT-4o\", \"stream_options\": \"\", " + MESSAGES + "}", "stream_options"),
                Arguments.of(COMPLETIONS, "{\"model\": [\"GPT-4o\"], \"prompt\": \"hi\"}", "model"),
                Arguments.of(COMPLETIONS, "{\"model\": 4, \"prompt\": \"hi\"}", "model"),
                Arguments.of(COMPLETIONS, "{\"model\": \"GPT-4o\", \"prompt\": 5}", "prompt"),
                Arguments.of(COMPLETIONS, "{\"model\": \"GPT-4o\", \"prompt\": \"hi\", \"stream\": \"true\"}", "stream"),
                Arguments.of(COMPLETIONS, "{\"model\": \"GPT-4o\", \"prompt\": \"hi\", \"temperature\": true}", "temperature"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wronglyTypedFields")
    void aValueOfTheWrongTypeIs400NamingTheField(String path, String body, String param) {
        post(path, body).statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", anyOf(equalTo("invalid_type"), equalTo("invalid_value")))
                .body("error.param", equalTo(param))
                .body("error.message", containsString(param));
    }

    static Stream<Arguments> rightlyTypedFields() {
        return Stream.of(
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"n\": 1, \"stream\": false, \"response_format\": \"url\"}"),
                Arguments.of(CHAT, "{\"model\": \"Imagen-3-Fast\", \"temperature\": 1, \"n\": 1, \"stream\": false, " + MESSAGES + "}"),
                Arguments.of(CHAT, "{\"model\": \"Imagen-3-Fast\", \"temperature\": 0.5, \"max_tokens\": \"ignored\", " + MESSAGES + "}"),
                Arguments.of(COMPLETIONS, "{\"model\": \"Imagen-3-Fast\", \"temperature\": 1, \"prompt\": [\"a\", \"cat\"]}"));
    }

    /** Integers where numbers are expected are not coercion: JSON has no other way to write 1.0. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rightlyTypedFields")
    void valuesOfTheRightTypeStillPass(String path, String body) {
        post(path, body).statusCode(200);
    }

    static Stream<Arguments> badModelNames() {
        String[] names = { "b".repeat(257), "Bad\\u0000Bot", "Bad\\u007fBot", "Bad\\u0085Bot", "Bad\\ud83dBot", "Bad\\ude00",
                "Bad Bot", "Bad/Bot", "Bad?Bot", "Bad#Bot", "Bad%2fBot", "Bad\\\\Bot" };
        return Stream.of(names).flatMap(name -> Stream.of(
                Arguments.of(GENERATIONS, "{\"prompt\": \"a cat\", \"model\": \"" + name + "\"}"),
                Arguments.of(EDITS, "{\"prompt\": \"blue\", \"model\": \"" + name + "\", " + IMAGES + "}"),
                Arguments.of(CHAT, "{\"model\": \"" + name + "\", " + MESSAGES + "}"),
                Arguments.of(COMPLETIONS, "{\"model\": \"" + name + "\", \"prompt\": \"hi\"}")));
    }

    /** A lone surrogate used to turn into '?' on the way to Poe and pass; a long name used to grow the metrics. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badModelNames")
    void aModelNameThatIsTooLongNotTextOrUnsafeInAUrlIs400(String path, String body) {
        assertOpenAiError(post(path, body), 400, "invalid_request_error", "invalid_value")
                .body("error.param", equalTo("model"));
        assertThat(poe.wireMock().getAllServeEvents()).isEmpty();
    }

    @Test
    void manyUniqueLongModelNamesDoNotGrowTheMetricsBeyondABound() {
        // Refused names first: without the length cap, they would take the 200 labels metrics give bot names.
        for (int i = 0; i < 250; i++) {
            post(COMPLETIONS, "{\"model\": \"" + i + "x".repeat(5000) + "\", \"prompt\": \"hi\"}");
        }
        for (int i = 0; i < 250; i++) {
            post(COMPLETIONS, "{\"model\": \"" + i + "y".repeat(252) + "\", \"prompt\": \"hi\"}").statusCode(404);
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        // 200 labels of 256 characters in a few series each, and the rest of the metrics
        assertThat(metrics.length()).isLessThan(1024 * 1024);
        assertThat(metrics).doesNotContain("x".repeat(300));
    }
}
