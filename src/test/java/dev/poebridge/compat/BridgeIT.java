package dev.poebridge.compat;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.chat;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.BridgeCalls.streamed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URL;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.SseReply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Every endpoint against the packaged application (the jar here, the native executable where one can be built:
 * {@code ./mvnw verify -Pnative}), with the Poe stand-in in the test process.
 */
@QuarkusIntegrationTest
@WithTestResource(PoeStandInResource.class)
class BridgeIT {

    @InjectPoeStandIn
    PoeStandIn poe;

    @TestHTTPResource("/v1")
    URL v1;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(KEY).maxRetries(0).build();
    }

    @Test
    void generatesImagesAsUrlsAndExactBytes() {
        generateImage("{\"prompt\": \"a cat\"}").statusCode(200).body("data[0].url", equalTo(poe.baseUrl() + "/files/cat.png"))
                .header("x-request-id", matchesPattern("req_.*"));
        OpenAIClient client = sdk();
        String b64 = client.images().generate(ImageGenerateParams.builder().prompt("a cat").model("Imagen-3-Fast")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build()).data().orElseThrow().get(0)
                .b64Json().orElseThrow();
        assertThat(Base64.getDecoder().decode(b64)).isEqualTo(PoeStandIn.file("cat.png"));
        client.close();
    }

    @Test
    void editsAndVariesUploadedImages() {
        poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        OpenAIClient client = sdk();
        assertThat(client.images().edit(ImageEditParams.builder().image(PoeStandIn.file("dog.png")).prompt("a cat")
                .build()).data().orElseThrow()).hasSize(1);
        client.close();
        given().header("Authorization", "Bearer " + KEY).multiPart("image", "dog.png", PoeStandIn.file("dog.png"))
                .when().post("/v1/images/variations").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void chatsWholeAndStreamed() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        chat("{\"model\": \"GPT-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").statusCode(200)
                .body("choices[0].message.content", equalTo("I can't create images of that. Try another prompt."));
        SseReply reply = streamed(chat("{\"model\": \"GPT-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"));
        assertThat(reply.content()).isEqualTo("I can't create images of that. Try another prompt.");
        assertThat(reply.endsWithDone()).isTrue();
        assertOpenAiError(chat("{\"model\": \"No-Such-Bot\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"),
                404, "invalid_request_error", "model_not_found");
    }

    @Test
    void completesWithFiles() {
        poe.bot("Painter", poe.fixture("image-only"));
        given().header("Authorization", "Bearer " + KEY).multiPart("prompt", "make it blue").multiPart("model", "Painter")
                .multiPart("image", "cat.png", PoeStandIn.file("cat.png"), "image/png")
                .when().post("/v1/completions").then().statusCode(200)
                .body("choices[0].text", equalTo("![cat.png](" + poe.baseUrl() + "/files/cat.png)\n"));
    }

    @Test
    void listsModelsAndAnswersOperators() {
        given().when().get("/v1/models").then().statusCode(200).body("data[0].id", equalTo("Imagen-3-Fast"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200);
        given().contentType("application/json").body("{\"prompt\": \"x\"}").when().post("/v1/images/generations")
                .then().statusCode(401).body("error.code", equalTo("missing_api_key"));
    }
}
