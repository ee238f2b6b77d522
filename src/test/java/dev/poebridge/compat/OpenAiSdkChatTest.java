package dev.poebridge.compat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;

import dev.poebridge.testsupport.BridgeCalls;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The official OpenAI Java SDK's chat and completions calls against the running bridge. */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class OpenAiSdkChatTest {

    @TestHTTPResource("/v1")
    URL v1;

    @InjectPoeStandIn
    PoeStandIn poe;

    OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(BridgeCalls.KEY).maxRetries(0).build();
    }

    @AfterEach
    void close() {
        client.close();
        poe.reset();
    }

    static ChatCompletionCreateParams.Builder ask(String bot) {
        return ChatCompletionCreateParams.builder().model(bot).addSystemMessage("Be brief.").addUserMessage("Draw a cat");
    }

    @Test
    void createsAChatCompletion() {
        poe.bot("Painter", poe.fixture("text-two-images-and-suggestions"));
        ChatCompletion completion = client.chat().completions().create(ask("Painter").build());
        assertThat(completion.model()).isEqualTo("Painter");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).contains("Here is your image: ![cat]("
                + poe.baseUrl() + "/files/cat.png)\n![dog.png](" + poe.baseUrl() + "/files/dog.png)\n");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).isPresent();
    }

    @Test
    void streamsAChatCompletionChunkByChunk() {
        poe.bot("Painter", poe.fixture("text-two-images-and-suggestions"));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Painter")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(content::append)));
        assertThat(content.toString()).isEqualTo("Here is your image: ![cat](" + poe.baseUrl() + "/files/cat.png)\n![dog.png]("
                + poe.baseUrl() + "/files/dog.png)\n");
        assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void aStreamThatFailsAfterOutputRaisesInTheSdk() {
        poe.bot("Flaky", poe.fixture("text-then-error"));
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Flaky").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add)));
            }
        }).isInstanceOf(OpenAIException.class).hasMessageContaining("Internal server error");
        assertThat(String.join("", seen)).isEqualTo("Starting...");
    }

    @Test
    void errorsBeforeTheStreamArriveAsTheSdksExceptionTypes() {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("No-Such-Bot").build())) {
                stream.stream().count();
            }
        }).isInstanceOf(NotFoundException.class);
        poe.bot("Busy", aResponse().withStatus(429));
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("Busy").build())) {
                stream.stream().count();
            }
        }).isInstanceOf(RateLimitException.class);
        poe.bot("Locked", aResponse().withStatus(401));
        assertThatThrownBy(() -> client.chat().completions().create(ask("Locked").build()))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void createsALegacyCompletionWithTheFileUrlInItsText() {
        poe.bot("Painter", poe.fixture("image-only"));
        Completion completion = client.completions().create(CompletionCreateParams.builder().model("Painter")
                .prompt("a cat").build());
        assertThat(completion.choices().get(0).text()).isEqualTo("![cat.png](" + poe.baseUrl() + "/files/cat.png)\n");
        assertThat(completion.model()).isEqualTo("Painter");
        assertThat(Optional.ofNullable(completion.usage().orElse(null))).isPresent();
    }

    @Test
    void streamsALegacyCompletion() {
        poe.bot("GPT-4o", poe.fixture("text-only"));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(CompletionCreateParams.builder()
                .model("GPT-4o").prompt("hi").build())) {
            stream.stream().forEach(c -> c.choices().forEach(choice -> text.append(choice.text())));
        }
        assertThat(text.toString()).isEqualTo("I can't create images of that. Try another prompt.");
    }
}
