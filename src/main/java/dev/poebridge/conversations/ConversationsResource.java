package dev.poebridge.conversations;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.auth.Caller;
import dev.poebridge.auth.KeyCheck;
import dev.poebridge.openai.Conversation;
import dev.poebridge.openai.ConversationDeleted;
import dev.poebridge.openai.ConversationItemsRequest;
import dev.poebridge.openai.ConversationRequest;
import dev.poebridge.openai.CursorList;
import dev.poebridge.store.ConversationStore;
import dev.poebridge.store.Page;
import dev.poebridge.store.StoredConversation;
import dev.poebridge.store.StoredItem;
import io.smallrye.mutiny.Uni;

/**
 * OpenAI's Conversations API, with Jan's list of conversations and its {@code title}. Every call acts for the caller
 * its key (or guest token) names: another caller's conversation is a 404, exactly like one that does not exist. The
 * caller's key is verified first ({@link KeyCheck}: nothing here calls Poe, which would otherwise refuse a made-up
 * key), then the request is checked, and only then is the database asked; it runs on its own threads
 * ({@link ConversationStore}).
 */
@Path("/v1/conversations")
@Tag(name = "Conversations", description = "OpenAI's Conversations API, kept in the bridge's database")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    private static final int MAX_TITLE = 512;

    private final ConversationStore store;
    private final KeyCheck callers;

    ConversationsResource(ConversationStore store, KeyCheck callers) {
        this.store = store;
        this.callers = callers;
    }

    @Operation(summary = "Create a conversation", description = "metadata (up to 16 string pairs), up to 20 items, "
            + "and Jan's title.")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Conversation> create(ConversationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> {
            ConversationRequest body = request == null ? new ConversationRequest(null, null, null) : request;
            Map<String, String> metadata = Metadata.read(body.metadata(), false);
            String title = Fields.capped(body.title(), MAX_TITLE, "title");
            List<ObjectNode> items = InputItems.read(body.items(), false);
            return store.create(owner, metadata, title, items);
        }).map(ConversationsResource::conversation);
    }

    @Operation(summary = "List conversations", description = "Jan's list: newest first unless order=asc; limit 1-100 "
            + "(default 20); after is the id of the conversation the page starts after.")
    @GET
    public Uni<CursorList<Conversation>> list(@QueryParam("limit") String limit, @QueryParam("order") String order,
            @QueryParam("after") String after, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> {
            ListQuery query = ListQuery.of(limit, order, after);
            return store.list(owner, query.limit(), query.ascending(), query.after());
        }).map(page -> cursorList(page, ConversationsResource::conversation, Conversation::id));
    }

    @Operation(summary = "Retrieve a conversation")
    @GET
    @Path("/{conversation_id}")
    public Uni<Conversation> retrieve(@PathParam("conversation_id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> store.find(owner, id)).map(ConversationsResource::conversation);
    }

    @Operation(summary = "Update a conversation", description = "Replaces the conversation's metadata, as OpenAI does, "
            + "and Jan's title; at least one of them.")
    @POST
    @Path("/{conversation_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Conversation> update(@PathParam("conversation_id") String id, ConversationRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> {
            ConversationRequest body = request == null ? new ConversationRequest(null, null, null) : request;
            String title = Fields.capped(body.title(), MAX_TITLE, "title");
            Map<String, String> metadata = title != null && (body.metadata() == null || body.metadata().isNull())
                    ? null
                    : Metadata.read(body.metadata(), true);
            return store.update(owner, id, metadata, title);
        }).map(ConversationsResource::conversation);
    }

    @Operation(summary = "Delete a conversation", description = "With all its items; afterwards its id is a 404.")
    @DELETE
    @Path("/{conversation_id}")
    public Uni<ConversationDeleted> delete(@PathParam("conversation_id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> store.delete(owner, id)).map(ignored -> ConversationDeleted.of(id));
    }

    @Operation(summary = "Create conversation items", description = "Up to 20 message or image_generation_call items, "
            + "appended in order; include is accepted and ignored (every field is always returned).")
    @POST
    @Path("/{conversation_id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CursorList<ObjectNode>> addItems(@PathParam("conversation_id") String id, ConversationItemsRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> {
            List<ObjectNode> items = InputItems.read(request == null ? null : request.items(), true);
            return store.append(owner, id, items);
        }).map(stored -> cursorList(new Page<>(stored, false), StoredItem::body, ConversationsResource::id));
    }

    @Operation(summary = "List conversation items", description = "Newest first unless order=asc; limit 1-100 "
            + "(default 20); after is the id of the item the page starts after; include is accepted and ignored.")
    @GET
    @Path("/{conversation_id}/items")
    public Uni<CursorList<ObjectNode>> items(@PathParam("conversation_id") String id, @QueryParam("limit") String limit,
            @QueryParam("order") String order, @QueryParam("after") String after,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> {
            ListQuery query = ListQuery.of(limit, order, after);
            return store.items(owner, id, query.limit(), query.ascending(), query.after());
        }).map(page -> cursorList(page, StoredItem::body, ConversationsResource::id));
    }

    @Operation(summary = "Retrieve a conversation item")
    @GET
    @Path("/{conversation_id}/items/{item_id}")
    public Uni<ObjectNode> item(@PathParam("conversation_id") String id, @PathParam("item_id") String itemId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> store.item(owner, id, itemId)).map(StoredItem::body);
    }

    @Operation(summary = "Delete a conversation item", description = "Answers with the conversation.")
    @DELETE
    @Path("/{conversation_id}/items/{item_id}")
    public Uni<Conversation> deleteItem(@PathParam("conversation_id") String id, @PathParam("item_id") String itemId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return owner(authorization).chain(owner -> store.deleteItem(owner, id, itemId)).map(ConversationsResource::conversation);
    }

    /** The verified caller's owner; every call starts here, before its input is read. */
    private Uni<String> owner(String authorization) {
        return callers.verified(authorization).map(Caller::owner);
    }

    private static Conversation conversation(StoredConversation stored) {
        return Conversation.of(stored.id(), stored.createdAtMillis(), stored.metadata(), stored.title());
    }

    private static String id(ObjectNode item) {
        return item.path("id").asText();
    }

    private static <S, T> CursorList<T> cursorList(Page<S> page, Function<S, T> shape,
            Function<T, String> id) {
        return CursorList.of(page.data().stream().map(shape).toList(), id, page.hasMore());
    }
}
