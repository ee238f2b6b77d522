package dev.poebridge.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.conversations.Conversation;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.conversations.ConversationDeletedResource;
import com.openai.models.conversations.ConversationUpdateParams;
import com.openai.models.conversations.Message;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.conversations.items.ConversationItemList;
import com.openai.models.conversations.items.ItemCreateParams;
import com.openai.models.conversations.items.ItemDeleteParams;
import com.openai.models.conversations.items.ItemListParams;
import com.openai.models.conversations.items.ItemRetrieveParams;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputText;

import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The official OpenAI Java SDK's {@code conversations()} calls against the running bridge, with response validation on:
 * a missing or mistyped field in any answer fails the call. Each test is its own caller (a fresh pass-through key).
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class OpenAiSdkConversationsTest {

    @TestHTTPResource("/v1")
    URL v1;

    OpenAIClient client;

    @BeforeEach
    void connect() {
        client = client("sdk-conv-" + UUID.randomUUID());
    }

    OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(key).maxRetries(0).responseValidation(true)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    static EasyInputMessage said(EasyInputMessage.Role role, String text) {
        return EasyInputMessage.builder().role(role).content(text).build();
    }

    Conversation create() {
        return client.conversations().create(ConversationCreateParams.builder()
                .metadata(ConversationCreateParams.Metadata.builder().putProperty("topic", "cats").build())
                .addItem(said(EasyInputMessage.Role.USER, "Draw a cat"))
                .addItem(said(EasyInputMessage.Role.ASSISTANT, "Here is a cat"))
                .putAdditionalBodyProperty("title", JsonValue.from("Cats"))
                .build());
    }

    @Test
    void createsRetrievesUpdatesAndDeletesAConversation() {
        Conversation created = create();
        assertThat(created.id()).startsWith("conv_");
        assertThat(created.createdAt()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(created._additionalProperties().get("title")).isEqualTo(JsonValue.from("Cats"));

        Conversation retrieved = client.conversations().retrieve(created.id());
        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(retrieved._metadata()).isEqualTo(JsonValue.from(java.util.Map.of("topic", "cats")));

        Conversation updated = client.conversations().update(created.id(), ConversationUpdateParams.builder()
                .metadata(ConversationUpdateParams.Metadata.builder().putProperty("topic", "dogs").build()).build());
        assertThat(updated._metadata()).isEqualTo(JsonValue.from(java.util.Map.of("topic", "dogs")));

        ConversationDeletedResource deleted = client.conversations().delete(created.id());
        assertThat(deleted.id()).isEqualTo(created.id());
        assertThat(deleted.deleted()).isTrue();
        assertThatThrownBy(() -> client.conversations().retrieve(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void createsItemsOfEveryKeptKind() {
        Conversation conversation = client.conversations().create();
        ConversationItemList created = client.conversations().items().create(ItemCreateParams.builder()
                .conversationId(conversation.id())
                .addInclude(ResponseIncludable.MESSAGE_INPUT_IMAGE_IMAGE_URL)
                .addItem(EasyInputMessage.builder().role(EasyInputMessage.Role.USER).contentOfResponseInputMessageContentList(List.of(
                        ResponseInputContent.ofInputText(ResponseInputText.builder().text("Like this one").build()),
                        ResponseInputContent.ofInputImage(ResponseInputImage.builder()
                                .detail(ResponseInputImage.Detail.AUTO).imageUrl("https://example.com/cat.png").build())))
                        .build())
                .addItem(ResponseInputItem.ofImageGenerationCall(ResponseInputItem.ImageGenerationCall.builder()
                        .id("ig_given").result("aGVsbG8=").status(ResponseInputItem.ImageGenerationCall.Status.COMPLETED).build()))
                .build());
        assertThat(created.data()).hasSize(2);
        assertThat(created.firstId()).isEqualTo(created.data().get(0).asMessage().id());
        assertThat(created.hasMore()).isFalse();
        Message message = created.data().get(0).asMessage();
        assertThat(message.status()).isEqualTo(Message.Status.COMPLETED);
        assertThat(message.content().get(0).asInputText().text()).isEqualTo("Like this one");
        assertThat(message.content().get(1).asInputImage().imageUrl()).contains("https://example.com/cat.png");
        ConversationItem.ImageGenerationCall image = created.data().get(1).asImageGenerationCall();
        assertThat(image.id()).startsWith("ig_");
        assertThat(image.result()).contains("aGVsbG8=");
        assertThat(created.lastId()).isEqualTo(image.id());
    }

    @Test
    void retrievesAndDeletesAnItem() {
        Conversation conversation = create();
        ConversationItem first = client.conversations().items().list(conversation.id(),
                ItemListParams.builder().order(ItemListParams.Order.ASC).build()).data().get(0);
        String itemId = first.asMessage().id();
        ConversationItem retrieved = client.conversations().items().retrieve(itemId,
                ItemRetrieveParams.builder().conversationId(conversation.id()).build());
        assertThat(retrieved.asMessage().content().get(0).asInputText().text()).isEqualTo("Draw a cat");

        Conversation after = client.conversations().items().delete(itemId,
                ItemDeleteParams.builder().conversationId(conversation.id()).build());
        assertThat(after.id()).isEqualTo(conversation.id());
        assertThatThrownBy(() -> client.conversations().items().retrieve(itemId,
                ItemRetrieveParams.builder().conversationId(conversation.id()).build())).isInstanceOf(NotFoundException.class);
        List<ConversationItem> left = client.conversations().items().list(conversation.id()).data();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("Here is a cat");
    }

    @Test
    void autoPagingWalksEveryItemInBothOrders() {
        Conversation conversation = create();
        ItemCreateParams.Builder more = ItemCreateParams.builder().conversationId(conversation.id());
        for (int i = 0; i < 5; i++) {
            more.addItem(said(EasyInputMessage.Role.USER, "more " + i));
        }
        client.conversations().items().create(more.build());
        List<String> ascending = texts(conversation.id(), ItemListParams.Order.ASC);
        assertThat(ascending).containsExactly("Draw a cat", "Here is a cat", "more 0", "more 1", "more 2", "more 3", "more 4");
        assertThat(texts(conversation.id(), ItemListParams.Order.DESC)).containsExactlyElementsOf(ascending.reversed());
    }

    /** Two items a page, so seven items take four requests, each after the previous page's last id. */
    private List<String> texts(String conversationId, ItemListParams.Order order) {
        List<String> texts = new ArrayList<>();
        client.conversations().items().list(conversationId, ItemListParams.builder().limit(2).order(order).build())
                .autoPager().forEach(item -> item.asMessage().content().forEach(part -> texts.add(
                        part.isInputText() ? part.asInputText().text() : part.asOutputText().text())));
        return texts;
    }

    @Test
    void refusalsArriveAsTheSdksExceptionTypes() {
        String id = client.conversations().create().id();
        assertThatThrownBy(() -> client.conversations().items().list(id, ItemListParams.builder().limit(500).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        OpenAIClient other = client("sdk-conv-other-" + UUID.randomUUID());
        try {
            assertThatThrownBy(() -> other.conversations().retrieve(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> other.conversations().items().list(id)).isInstanceOf(NotFoundException.class);
        } finally {
            other.close();
        }
    }
}
