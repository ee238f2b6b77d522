package dev.poebridge.openai;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of a list that is read with {@code after} cursors (conversations, conversation items). {@code first_id} and
 * {@code last_id} are {@code ""} for an empty page, never null: the Java SDK requires strings. {@code has_more} is always
 * sent, since a client that misses it keeps asking for the next page.
 */
@RegisterForReflection
public record CursorList<T>(
        String object,
        List<T> data,
        @JsonProperty("first_id") String firstId,
        @JsonProperty("last_id") String lastId,
        @JsonProperty("has_more") boolean hasMore) {

    public static <T> CursorList<T> of(List<T> data, Function<T, String> id, boolean hasMore) {
        return data.isEmpty()
                ? new CursorList<>("list", data, "", "", hasMore)
                : new CursorList<>("list", data, id.apply(data.get(0)), id.apply(data.get(data.size() - 1)), hasMore);
    }
}
