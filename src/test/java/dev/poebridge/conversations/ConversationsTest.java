package dev.poebridge.conversations;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * OpenAI's Conversations API with Jan's list and title, against the default SQLite database. Every test is its own
 * caller (a fresh key: in pass-through mode any key is one), so lists hold only what the test made.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class ConversationsTest {

    final String key = "conv-test-" + UUID.randomUUID();

    RequestSpecification as(String callerKey) {
        return given().header("Authorization", "Bearer " + callerKey).contentType(ContentType.JSON);
    }

    static ValidatableResponse call(Response response) {
        return response.then().log().ifValidationFails();
    }

    String create(String json) {
        return as(key).body(json).post("/v1/conversations").then().statusCode(200).extract().path("id");
    }

    List<String> addItems(String conversation, String json) {
        return as(key).body(json).post("/v1/conversations/" + conversation + "/items").then().statusCode(200)
                .extract().path("data.id");
    }

    static String texts(int count) {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m").append(i).append("\"}");
        }
        return items.append("]}").toString();
    }

    @Test
    void createsAConversationWithMetadataAndTitle() {
        long before = System.currentTimeMillis() / 1000;
        as(key).body("{\"metadata\":{\"topic\":\"cats\"},\"title\":\"Image Generation Test Conversation\"}")
                .post("/v1/conversations").then().log().ifValidationFails().statusCode(200)
                .body("id", startsWith("conv_"))
                .body("object", equalTo("conversation"))
                .body("metadata.topic", equalTo("cats"))
                .body("title", equalTo("Image Generation Test Conversation"))
                .body("created_at", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.greaterThanOrEqualTo((int) before),
                        org.hamcrest.Matchers.lessThanOrEqualTo((int) (System.currentTimeMillis() / 1000))));
    }

    @Test
    void aConversationWithoutMetadataHasAnEmptyObjectAndNoTitle() {
        String id = create("{}");
        as(key).get("/v1/conversations/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("object", equalTo("conversation"))
                .body("metadata", aMapWithSize(0))
                .body("$", not(hasKey("title")));
    }

    @Test
    void updateReplacesTheMetadata() {
        String id = create("{\"metadata\":{\"a\":\"1\",\"b\":\"2\"},\"title\":\"kept\"}");
        as(key).body("{\"metadata\":{\"c\":\"3\"}}").post("/v1/conversations/" + id).then().statusCode(200)
                .body("metadata", equalTo(java.util.Map.of("c", "3"))).body("title", equalTo("kept"));
        as(key).get("/v1/conversations/" + id).then().body("metadata", equalTo(java.util.Map.of("c", "3")));
    }

    @Test
    void updateSetsJansTitleAloneOrWithTheMetadata() {
        String id = create("{\"metadata\":{\"a\":\"1\"},\"title\":\"old\"}");
        as(key).body("{\"title\":\"renamed\"}").post("/v1/conversations/" + id).then().log().ifValidationFails()
                .statusCode(200).body("title", equalTo("renamed")).body("metadata", equalTo(java.util.Map.of("a", "1")));
        as(key).body("{\"metadata\":{\"b\":\"2\"},\"title\":\"both\"}").post("/v1/conversations/" + id).then()
                .statusCode(200).body("title", equalTo("both")).body("metadata", equalTo(java.util.Map.of("b", "2")));
        as(key).get("/v1/conversations/" + id).then().body("title", equalTo("both"))
                .body("metadata", equalTo(java.util.Map.of("b", "2")));
    }

    @Test
    void deleteAnswersDeletedAndTheConversationIsGoneAfterwards() {
        String id = create(texts(2));
        as(key).delete("/v1/conversations/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("object", equalTo("conversation.deleted")).body("deleted", equalTo(true));
        assertOpenAiError(as(key).get("/v1/conversations/" + id).then(), 404, "invalid_request_error", "not_found");
        assertOpenAiError(as(key).get("/v1/conversations/" + id + "/items").then(), 404, "invalid_request_error", "not_found");
        assertOpenAiError(as(key).delete("/v1/conversations/" + id).then(), 404, "invalid_request_error", "not_found");
    }

    @Test
    void itemsGetIdsStatusAndTheFieldsClientsRequire() {
        String id = create("{}");
        as(key).body("""
                {"items":[
                  {"role":"user","content":"Draw a cat"},
                  {"type":"message","role":"assistant","content":"Here it is"},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"and this"},
                    {"type":"input_image","image_url":"https://example.com/cat.png"},
                    {"type":"output_text","text":"said"}]},
                  {"type":"image_generation_call","result":"https://example.com/img.png"}
                ]}""").queryParam("include[]", "message.input_image.image_url")
                .post("/v1/conversations/" + id + "/items").then().log().ifValidationFails().statusCode(200)
                .body("object", equalTo("list"))
                .body("has_more", equalTo(false))
                .body("data.type", contains("message", "message", "message", "image_generation_call"))
                .body("data.status", contains("completed", "completed", "completed", "completed"))
                .body("data[0].id", startsWith("msg_"))
                .body("data[0].role", equalTo("user"))
                .body("data[0].content", equalTo(List.of(java.util.Map.of("type", "input_text", "text", "Draw a cat"))))
                .body("data[1].content[0].type", equalTo("output_text"))
                .body("data[1].content[0].annotations", empty())
                .body("data[2].content.type", contains("input_text", "input_image", "output_text"))
                .body("data[2].content[1].detail", equalTo("auto"))
                .body("data[2].content[1].image_url", equalTo("https://example.com/cat.png"))
                .body("data[2].content[2].annotations", empty())
                .body("data[3].id", startsWith("ig_"))
                .body("data[3].result", equalTo("https://example.com/img.png"));
    }

    @Test
    void createdItemsListFirstAndLastIds() {
        String id = create("{}");
        ValidatableResponse created = as(key).body(texts(3)).post("/v1/conversations/" + id + "/items").then().statusCode(200);
        List<String> ids = created.extract().path("data.id");
        created.body("first_id", equalTo(ids.get(0))).body("last_id", equalTo(ids.get(2)));
    }

    @Test
    void itemsGivenAtCreationComeFirstInOrder() {
        String id = create(texts(2));
        List<String> more = addItems(id, texts(1));
        as(key).get("/v1/conversations/" + id + "/items?order=asc").then().statusCode(200)
                .body("data.content.text.flatten()", contains("m0", "m1", "m0"))
                .body("last_id", equalTo(more.get(0)));
    }

    @Test
    void listsItemsNewestFirstInPages() {
        String id = create("{}");
        List<String> ids = addItems(id, texts(5));
        String items = "/v1/conversations/" + id + "/items";
        as(key).get(items).then().statusCode(200).body("data.id", contains(ids.reversed().toArray()))
                .body("has_more", equalTo(false));
        as(key).get(items + "?limit=2").then().statusCode(200)
                .body("data.id", contains(ids.get(4), ids.get(3)))
                .body("first_id", equalTo(ids.get(4))).body("last_id", equalTo(ids.get(3)))
                .body("has_more", equalTo(true));
        as(key).get(items + "?limit=2&after=" + ids.get(3)).then().body("data.id", contains(ids.get(2), ids.get(1)))
                .body("has_more", equalTo(true));
        as(key).get(items + "?limit=2&after=" + ids.get(1)).then().body("data.id", contains(ids.get(0)))
                .body("has_more", equalTo(false));
        as(key).get(items + "?order=asc&limit=3&after=" + ids.get(0)).then()
                .body("data.id", contains(ids.get(1), ids.get(2), ids.get(3))).body("has_more", equalTo(true));
    }

    @Test
    void listsConversationsNewestFirstInPages() {
        String first = create("{}");
        String second = create("{}");
        String third = create("{}");
        as(key).get("/v1/conversations").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains(third, second, first))
                .body("data[0].object", equalTo("conversation"))
                .body("has_more", equalTo(false));
        as(key).get("/v1/conversations?limit=2").then()
                .body("data.id", contains(third, second))
                .body("first_id", equalTo(third)).body("last_id", equalTo(second)).body("has_more", equalTo(true));
        as(key).get("/v1/conversations?limit=2&after=" + second).then()
                .body("data.id", contains(first)).body("has_more", equalTo(false));
        as(key).get("/v1/conversations?order=asc&limit=2").then()
                .body("data.id", contains(first, second)).body("has_more", equalTo(true));
    }

    @Test
    void anEmptyListHasEmptyStringIds() {
        as(key).get("/v1/conversations").then().statusCode(200)
                .body("data", empty()).body("first_id", equalTo("")).body("last_id", equalTo(""))
                .body("has_more", equalTo(false));
        String id = create("{}");
        as(key).get("/v1/conversations/" + id + "/items").then().statusCode(200)
                .body("data", empty()).body("first_id", equalTo("")).body("last_id", equalTo(""));
    }

    @Test
    void retrievesAndDeletesOneItem() {
        String id = create("{\"title\":\"t\"}");
        List<String> ids = addItems(id, texts(2));
        String item = "/v1/conversations/" + id + "/items/" + ids.get(0);
        as(key).get(item).then().statusCode(200).body("id", equalTo(ids.get(0))).body("content[0].text", equalTo("m0"));
        as(key).delete(item).then().statusCode(200)
                .body("id", equalTo(id)).body("object", equalTo("conversation")).body("title", equalTo("t"));
        assertOpenAiError(as(key).get(item).then(), 404, "invalid_request_error", "not_found");
        assertOpenAiError(as(key).delete(item).then(), 404, "invalid_request_error", "not_found");
        as(key).get("/v1/conversations/" + id + "/items").then().body("data.id", contains(ids.get(1)));
    }

    @Test
    void anUnknownConversationIs404() {
        assertOpenAiError(as(key).get("/v1/conversations/conv_nope").then(), 404, "invalid_request_error", "not_found");
        assertOpenAiError(as(key).body(texts(1)).post("/v1/conversations/conv_nope/items").then(), 404,
                "invalid_request_error", "not_found");
    }

    static Stream<Arguments> refusedBodies() {
        String seventeen = metadata(17, 4, 1);
        String oneItem = "{\"items\":[%s]}";
        return Stream.of(
                Arguments.of("create", "{\"metadata\":" + seventeen + "}", "metadata"),
                Arguments.of("create", "{\"metadata\":" + metadata(1, 65, 1) + "}", "metadata"),
                Arguments.of("create", "{\"metadata\":{\"k\":\"" + "v".repeat(513) + "\"}}", "metadata.k"),
                Arguments.of("create", "{\"metadata\":{\"k\":5}}", "metadata.k"),
                Arguments.of("create", "{\"metadata\":\"k\"}", "metadata"),
                Arguments.of("create", "{\"title\":\"" + "t".repeat(513) + "\"}", "title"),
                Arguments.of("create", texts(21), "items"),
                Arguments.of("create", "{\"items\":{}}", "items"),
                Arguments.of("create", oneItem.formatted("\"hello\""), "items[0]"),
                Arguments.of("create", oneItem.formatted("{\"type\":\"function_call\",\"name\":\"f\"}"), "items[0].type"),
                Arguments.of("create", oneItem.formatted("{\"role\":\"critic\",\"content\":\"x\"}"), "items[0].role"),
                Arguments.of("create", oneItem.formatted("{\"content\":\"x\"}"), "items[0].role"),
                Arguments.of("create", oneItem.formatted("{\"role\":\"user\",\"content\":5}"), "items[0].content"),
                Arguments.of("create", "{\"items\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}",
                        "items[2].content[0].type"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_text\",\"text\":\"" + "x".repeat((1 << 20) + 1)
                        + "\"}")), "items[0].content[0].text"),
                Arguments.of("create", oneItem.formatted("{\"role\":\"user\",\"content\":\"" + "x".repeat((1 << 20) + 1)
                        + "\"}"), "items[0].content"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_text\"}")), "items[0].content[0].text"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_image\",\"image_url\":\"ftp://x/y.png\"}")),
                        "items[0].content[0].image_url"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_image\",\"image_url\":\"https://x/"
                        + "y".repeat(8200) + "\"}")), "items[0].content[0].image_url"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_image\",\"image_url\":\"data:image/png,abc\"}")),
                        "items[0].content[0].image_url"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_image\"}")), "items[0].content[0].image_url"),
                Arguments.of("create", oneItem.formatted(part("{\"type\":\"input_image\",\"file_id\":\"f\",\"detail\":\"medium\"}")),
                        "items[0].content[0].detail"),
                Arguments.of("create", oneItem.formatted("{\"type\":\"image_generation_call\",\"status\":\"done\"}"),
                        "items[0].status"),
                Arguments.of("items", texts(21), "items"),
                Arguments.of("items", "{\"items\":[]}", "items"),
                Arguments.of("items", "{}", "items"),
                Arguments.of("update", "{}", "metadata"),
                Arguments.of("update", "{\"title\":\"" + "t".repeat(513) + "\"}", "title"),
                Arguments.of("update", "{\"metadata\":" + seventeen + "}", "metadata"));
    }

    static String metadata(int pairs, int keyLength, int valueLength) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < pairs; i++) {
            String key = ("k" + i + "x".repeat(keyLength)).substring(0, keyLength);
            json.append(i == 0 ? "" : ",").append('"').append(key).append("\":\"").append("v".repeat(valueLength)).append('"');
        }
        return json.append('}').toString();
    }

    static String part(String json) {
        return "{\"role\":\"user\",\"content\":[" + json + "]}";
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refusedBodies")
    void aRequestBeyondTheLimitsIs400NamingTheField(String call, String body, String param) {
        String path = switch (call) {
            case "create" -> "/v1/conversations";
            case "items" -> "/v1/conversations/" + create("{}") + "/items";
            default -> "/v1/conversations/" + create("{}");
        };
        assertOpenAiError(call(as(key).body(body).post(path)), 400, "invalid_request_error", "invalid_value")
                .body("error.param", equalTo(param));
        as(key).get("/v1/conversations").then().body("data", org.hamcrest.Matchers.hasSize(call.equals("create") ? 0 : 1));
    }

    @Test
    void sixteenPairsTwentyItemsAndFullLengthsAreAccepted() {
        String id = create("{\"metadata\":" + metadata(16, 64, 512) + ",\"items\":" + texts(20).substring(9));
        as(key).get("/v1/conversations/" + id).then().body("metadata", aMapWithSize(16));
        as(key).get("/v1/conversations/" + id + "/items?limit=100").then().body("data", org.hamcrest.Matchers.hasSize(20));
        addItems(id, texts(20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedQueries")
    void aBadListQueryIs400NamingTheParameter(String query, String param) {
        String id = create("{}");
        for (String list : List.of("/v1/conversations", "/v1/conversations/" + id + "/items")) {
            assertOpenAiError(call(as(key).get(list + "?" + query)), 400, "invalid_request_error", "invalid_value")
                    .body("error.param", equalTo(param));
        }
    }

    static Stream<Arguments> refusedQueries() {
        return Stream.of(Arguments.of("limit=0", "limit"), Arguments.of("limit=101", "limit"),
                Arguments.of("limit=ten", "limit"), Arguments.of("order=newest", "order"),
                Arguments.of("after=conv_0123", "after"), Arguments.of("after=msg_0123", "after"));
    }

    @Test
    void anotherCallerCannotReachTheConversationAtAll() {
        String id = create("{\"metadata\":{\"owner\":\"first\"}}");
        String item = addItems(id, texts(1)).get(0);
        String other = "conv-other-" + UUID.randomUUID();
        String conversation = "/v1/conversations/" + id;
        List<ValidatableResponse> attempts = List.of(
                call(as(other).get(conversation)),
                call(as(other).body("{\"metadata\":{\"owner\":\"second\"}}").post(conversation)),
                call(as(other).body(texts(1)).post(conversation + "/items")),
                call(as(other).get(conversation + "/items")),
                call(as(other).get(conversation + "/items/" + item)),
                call(as(other).delete(conversation + "/items/" + item)),
                call(as(other).delete(conversation)));
        attempts.forEach(attempt -> assertOpenAiError(attempt, 404, "invalid_request_error", "not_found"));
        as(other).get("/v1/conversations").then().body("data.id", not(hasItem(id)));
        assertOpenAiError(call(as(other).get("/v1/conversations?after=" + id)), 400, "invalid_request_error", "invalid_value");
        as(key).get(conversation).then().statusCode(200).body("metadata.owner", equalTo("first"));
        as(key).get(conversation + "/items").then().body("data.id", contains(item));
    }

    @Test
    void everyConversationCallNeedsAKey() {
        String id = create(texts(1));
        List<ValidatableResponse> anonymous = List.of(
                call(given().get("/v1/conversations")),
                call(given().get("/v1/conversations/" + id)),
                call(given().get("/v1/conversations/" + id + "/items")),
                call(given().delete("/v1/conversations/" + id)),
                call(given().delete("/v1/conversations/" + id + "/items/msg_x")),
                call(given().contentType(ContentType.JSON).body("{}").post("/v1/conversations")));
        anonymous.forEach(attempt -> assertOpenAiError(attempt, 401, "invalid_request_error", "missing_api_key"));
        as(key).get("/v1/conversations/" + id).then().statusCode(200);
        given().get("/v1/models").then().statusCode(200);
    }

    @Test
    void malformedJsonIs400() {
        assertOpenAiError(call(as(key).body("{\"metadata\":").post("/v1/conversations")), 400, "invalid_request_error",
                "invalid_json");
        assertOpenAiError(call(as(key).body("{\"title\":5}").post("/v1/conversations")), 400, "invalid_request_error",
                "invalid_type").body("error.param", equalTo("title"));
    }

    @Test
    void theOpenApiDocumentDescribesTheConversationEndpoints() {
        String openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/v1/conversations", "/v1/conversations/{conversation_id}",
                "/v1/conversations/{conversation_id}/items", "/v1/conversations/{conversation_id}/items/{item_id}",
                "Create a conversation", "List conversation items", "Delete a conversation item");
        given().accept("application/json").get("/q/openapi").then()
                .body("paths.'/v1/conversations/{conversation_id}'.get.responses.keySet()",
                        org.hamcrest.Matchers.hasItems("200", "400", "401", "404", "429", "502", "503"))
                .body("paths.'/v1/conversations/{conversation_id}'.get.responses.'404'.description",
                        startsWith("Unknown conversation or item"))
                .body("paths.'/v1/conversations'.post.responses.'401'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/ErrorResponse"));
    }
}
