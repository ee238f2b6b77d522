package dev.poebridge.poe;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.poe.StatusClassifier.Call;
import io.smallrye.mutiny.Uni;

/** The model list call: Poe's public list, as {@link PoeModel}s, or a classified failure. */
@ApplicationScoped
class ModelListClient {

    private final PoeModelsApi api;
    private final ObjectMapper mapper;

    ModelListClient(@RestClient PoeModelsApi api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    /**
     * The list, without entries that have no id. It is asked for without a key, so Poe has none to echo; a failure
     * is still scrubbed of {@code keys}, as its message is logged.
     */
    Uni<List<PoeModel>> list(KeyScrubber keys) {
        return api.list()
                .onFailure(PoeRejection.class).transform(t -> PoeFailures.rejected(Call.MODEL_LIST, t, keys, mapper))
                .onFailure().transform(t -> ScrubbedFailures.of(t, keys, "model list"))
                .map(list -> list == null || list.data() == null ? List.<PoeModel> of()
                        : list.data().stream()
                                .filter(m -> m.id() != null && !m.id().isBlank())
                                .map(m -> new PoeModel(m.id(), toSeconds(m.created()),
                                        m.owned_by() == null ? "poe" : m.owned_by()))
                                .toList());
    }

    private static long toSeconds(Long created) {
        if (created == null) {
            return 0;
        }
        // Poe's list gives milliseconds; OpenAI's gives seconds.
        return created > 100_000_000_000L ? created / 1000 : created;
    }
}
