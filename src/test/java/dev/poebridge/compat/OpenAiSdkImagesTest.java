package dev.poebridge.compat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.MultipartValuePatternBuilder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditCompletedEvent;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageGenCompletedEvent;
import com.openai.models.images.ImageGenPartialImageEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import dev.poebridge.testsupport.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The official OpenAI Java SDK against the running bridge: the evidence that OpenAI clients work unchanged, answers
 * and errors alike.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class OpenAiSdkImagesTest {

    @TestHTTPResource("/v1")
    URL v1;

    @InjectPoeStandIn
    PoeStandIn poe;

    OpenAIClient client;

    @BeforeEach
    void connect() {
        // No SDK retries: each call here must map to exactly one bridge answer.
        client = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(BridgeCalls.KEY).maxRetries(0).build();
    }

    @AfterEach
    void close() {
        client.close();
        poe.reset();
    }

    static ImageGenerateParams.Builder params(String model) {
        return ImageGenerateParams.builder().prompt("a watercolor cat").model(model);
    }

    @Test
    void generatesAnImageUrl() {
        ImagesResponse response = client.images().generate(params("Imagen-3-Fast")
                .responseFormat(ImageGenerateParams.ResponseFormat.URL).build());
        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(1);
        assertThat(images.get(0).url()).contains(poe.baseUrl() + "/files/cat.png");
        assertThat(response.created()).isPositive();
    }

    @Test
    void generatesBase64WithTheExactBytes() {
        ImagesResponse response = client.images().generate(params("Imagen-3-Fast").n(2)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        assertThat(response.data().orElseThrow()).hasSize(2).allSatisfy(image -> assertThat(
                Base64.getDecoder().decode(image.b64Json().orElseThrow())).isEqualTo(PoeStandIn.file("cat.png")));
    }

    @Test
    void readsBase64FromAGptImageBotWithoutAResponseFormat() {
        poe.bot("GPT-Image-1", poe.fixture("image-only"));
        ImagesResponse response = client.images().generate(params("GPT-Image-1").build());
        Image image = response.data().orElseThrow().get(0);
        assertThat(Base64.getDecoder().decode(image.b64Json().orElseThrow())).isEqualTo(PoeStandIn.file("cat.png"));
        assertThat(image.url()).contains(poe.baseUrl() + "/files/cat.png");
        assertThat(response.outputFormat()).contains(ImagesResponse.OutputFormat.PNG);
    }

    @Test
    void aGptImageAnswerValidatesWithTheFormatAndSizeOfItsBytes() {
        byte[] jpeg = TestImages.written("jpeg", 1024, 1536);
        poe.wireMock().stubFor(WireMock.get(urlPathEqualTo("/files/portrait.jpg"))
                .willReturn(aResponse().withStatus(200).withBody(jpeg)));
        poe.bot("GPT-Image-1", PoeStandIn.sse("event: file\ndata: {\"url\": \"" + poe.baseUrl()
                + "/files/portrait.jpg\", \"content_type\": \"image/jpeg\", \"name\": \"portrait.jpg\"}\n\n"
                + "event: done\ndata: {}\n\n"));
        ImagesResponse response = client.images().generate(params("GPT-Image-1").build()).validate();
        assertThat(Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow())).isEqualTo(jpeg);
        assertThat(response.outputFormat()).contains(ImagesResponse.OutputFormat.JPEG);
        assertThat(response.size()).contains(ImagesResponse.Size._1024X1536);
    }

    @Test
    void listsModels() {
        assertThat(client.models().list().data()).extracting(Model::id).contains("Imagen-3-Fast", "GPT-4o");
    }

    @Test
    void aRejectedKeyIsAnUnauthorizedException() {
        poe.bot("Bot", aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("{}"));
        assertThatThrownBy(() -> client.images().generate(params("Bot").build()))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).contains("invalid_api_key"));
    }

    @Test
    void anUnknownBotIsANotFoundException() {
        assertThatThrownBy(() -> client.images().generate(params("No-Such-Bot").build()))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).contains("model_not_found"));
    }

    @Test
    void aRateLimitIsARateLimitException() {
        poe.bot("Bot", aResponse().withStatus(429).withHeader("Retry-After", "5"));
        assertThatThrownBy(() -> client.images().generate(params("Bot").build()))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).headers().values("Retry-After")).containsExactly("5"));
    }

    @Test
    void badInputIsABadRequestExceptionNamingTheParam() {
        assertThatThrownBy(() -> client.images().generate(params("Imagen-3-Fast").n(11).build()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).param()).contains("n"));
    }

    @Test
    void aPermissionRefusalIsAPermissionDeniedException() {
        poe.bot("Bot", PoeStandIn.sse("event: error\ndata: {\"allow_retry\": false, \"text\": \"Not allowed\", "
                + "\"error_type\": \"privacy_authorization_error\"}\n\n"));
        assertThatThrownBy(() -> client.images().generate(params("Bot").build()))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void anEmptyAccountIsA402TheSdkReportsWithItsStatus() {
        poe.bot("Bot", aResponse().withStatus(402).withHeader("Content-Type", "application/json").withBody("{}"));
        assertThatThrownBy(() -> client.images().generate(params("Bot").build()))
                .isInstanceOf(UnexpectedStatusCodeException.class)
                .satisfies(e -> {
                    assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(402);
                    assertThat(((OpenAIServiceException) e).code()).contains("insufficient_quota");
                });
    }

    @Test
    void aBotWithoutAnImageIsAnInternalServerExceptionWithTheBotsWords() {
        poe.bot("Chatty", poe.fixture("text-only"));
        assertThatThrownBy(() -> client.images().generate(params("Chatty").build()))
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> {
                    assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("I can't create images of that");
                });
    }

    @Test
    void editsOneImage() {
        poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        ImagesResponse response = client.images().edit(ImageEditParams.builder()
                .image(PoeStandIn.file("dog.png")).prompt("make it a cat").build());
        assertThat(response.data().orElseThrow()).hasSize(1);
        assertThat(response.data().orElseThrow().get(0).url()).contains(poe.baseUrl() + "/files/cat.png");
        assertThat(Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow()))
                .isEqualTo(PoeStandIn.file("cat.png"));
        poe.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/upload")).withRequestBodyPart(
                new MultipartValuePatternBuilder().withName("file").withBody(WireMock.binaryEqualTo(PoeStandIn.file("dog.png"))).build()));
    }

    @Test
    void editsSeveralImagesWithExactBase64Bytes() {
        poe.bot("Composer", poe.fixture("image-only"));
        ImagesResponse response = client.images().edit(ImageEditParams.builder()
                .image(ImageEditParams.Image.ofInputStreams(List.of(new ByteArrayInputStream(PoeStandIn.file("dog.png")),
                        new ByteArrayInputStream(PoeStandIn.file("cat.png")))))
                .prompt("put them on one sofa").model("Composer").n(2)
                .responseFormat(ImageEditParams.ResponseFormat.B64_JSON).build());
        assertThat(response.data().orElseThrow()).hasSize(2).allSatisfy(image -> assertThat(
                Base64.getDecoder().decode(image.b64Json().orElseThrow())).isEqualTo(PoeStandIn.file("cat.png")));
        poe.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/upload")));
        poe.wireMock().verify(2, PoeStandIn.queryTo("Composer").withRequestBody(
                WireMock.matchingJsonPath("$.query[0].attachments.length()", WireMock.equalTo("2"))));
    }

    @Test
    void createsAVariation() {
        poe.bot("StableDiffusionXL", poe.fixture("image-only"));
        ImagesResponse response = client.images().createVariation(ImageCreateVariationParams.builder()
                .image(PoeStandIn.file("dog.png")).n(1).build());
        assertThat(response.data().orElseThrow().get(0).url()).contains(poe.baseUrl() + "/files/cat.png");
    }

    @Test
    void streamsAGenerationWithAPartialImageThenTheCompletedImage() {
        poe.bot("Drafter", PoeStandIn.sse(fileEvent("dog.png") + fileEvent("cat.png") + "event: done\ndata: {}\n\n"));
        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(params("Drafter")
                .partialImages(1L).build())) {
            events = stream.stream().toList();
        }
        assertThat(events).hasSize(2);
        ImageGenPartialImageEvent partial = events.get(0).asGenerationPartialImage().validate();
        assertThat(partial.partialImageIndex()).isZero();
        assertThat(Base64.getDecoder().decode(partial.b64Json())).isEqualTo(PoeStandIn.file("dog.png"));
        ImageGenCompletedEvent completed = events.get(1).asGenerationCompleted().validate();
        assertThat(Base64.getDecoder().decode(completed.b64Json())).isEqualTo(PoeStandIn.file("cat.png"));
        assertThat(completed.outputFormat()).isEqualTo(ImageGenCompletedEvent.OutputFormat.PNG);
        assertThat(completed.usage().totalTokens()).isZero();
    }

    @Test
    void streamsAnEditAsOneCompletedEventPerImage() {
        poe.bot("Editor", poe.fixture("image-only"));
        List<ImageEditStreamEvent> events;
        try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(ImageEditParams.builder()
                .image(PoeStandIn.file("dog.png")).prompt("make it a cat").model("Editor").n(2).build())) {
            events = stream.stream().toList();
        }
        assertThat(events).hasSize(2).allSatisfy(event -> {
            ImageEditCompletedEvent completed = event.asCompleted().validate();
            assertThat(Base64.getDecoder().decode(completed.b64Json())).isEqualTo(PoeStandIn.file("cat.png"));
        });
    }

    @Test
    void aStreamedGenerationForAnUnknownBotIsANotFoundException() {
        assertThatThrownBy(() -> {
            try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(params("No-Such-Bot")
                    .build())) {
                stream.stream().toList();
            }
        }).isInstanceOf(NotFoundException.class);
    }

    private String fileEvent(String name) {
        return "event: file\ndata: {\"url\": \"" + poe.baseUrl() + "/files/" + name
                + "\", \"content_type\": \"image/png\", \"name\": \"" + name + "\"}\n\n";
    }

    @Test
    void aMaskIsABadRequestException() {
        assertThatThrownBy(() -> client.images().edit(ImageEditParams.builder().image(PoeStandIn.file("dog.png"))
                .mask(PoeStandIn.file("dog.png")).prompt("x").build()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).param()).contains("mask"));
    }
}
