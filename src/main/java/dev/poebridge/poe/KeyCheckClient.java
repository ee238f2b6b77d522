package dev.poebridge.poe;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import dev.poebridge.poe.StatusClassifier.Call;
import io.smallrye.mutiny.Uni;

/**
 * The key check: whether Poe accepts a key, asked of its balance call. Accepted is a 200 carrying Poe's documented
 * {@code current_point_balance}; anything else is a classified {@link PoeException} with every key removed: Poe
 * refusing the key (401 or 403), rate-limiting it, or failing to say. Retries are {@link PoeClient}'s.
 */
@ApplicationScoped
class KeyCheckClient {

    private final PoeBalanceApi api;
    private final ObjectMapper mapper;

    KeyCheckClient(@RestClient PoeBalanceApi api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    Uni<Void> check(String apiKey, KeyScrubber keys) {
        return Uni.createFrom().deferred(() -> api.balance("Bearer " + apiKey))
                .onFailure(PoeRejection.class).transform(t -> PoeFailures.rejected(Call.KEY_CHECK, t, keys, mapper))
                // Read timeouts and refused connections alike: Poe did not say, so the key is not known to be good.
                .onFailure(t -> !(t instanceof PoeException)).transform(PoeFailures::keyCheckUnreachable)
                .onFailure().transform(t -> ScrubbedFailures.of(t, keys, Call.KEY_CHECK.subject()))
                .map(body -> {
                    if (!isBalance(body)) {
                        throw PoeFailures.keyCheckMalformed();
                    }
                    return null;
                });
    }

    private boolean isBalance(String body) {
        if (body == null || !body.strip().startsWith("{")) {
            return false;
        }
        try {
            JsonNode balance = mapper.readTree(body).get("current_point_balance");
            return balance != null && balance.isNumber();
        } catch (Exception e) {
            return false;
        }
    }
}
