package dev.poebridge.security;

import static dev.poebridge.testsupport.BridgeCalls.post;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
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
}
