package dev.poebridge.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** OpenAI's {@code GET /v1/models} answer. */
@RegisterForReflection
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> models) {
        return new ModelList("list", models);
    }

    /** One model: {@code created} in Unix seconds. */
    @RegisterForReflection
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {

        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy);
        }
    }
}
