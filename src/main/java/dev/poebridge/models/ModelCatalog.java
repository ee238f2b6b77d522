package dev.poebridge.models;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.poebridge.config.ModelsConfig;
import dev.poebridge.openai.ModelList;
import dev.poebridge.poe.PoeClient;
import io.smallrye.mutiny.Uni;

/**
 * Poe's model list in OpenAI's shape, reused for a while so that listing models costs no Poe round trip; when Poe
 * cannot be reached, a configured list stands in (for a shorter while, so Poe's list returns soon after it is back).
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);

    private record Snapshot(List<ModelList.Model> models, long expiresAtNanos) {
    }

    private final PoeClient poe;
    private final ModelsConfig config;
    private volatile Snapshot snapshot;

    ModelCatalog(PoeClient poe, ModelsConfig config) {
        this.poe = poe;
        this.config = config;
    }

    public Uni<List<ModelList.Model>> models() {
        Snapshot current = snapshot;
        if (current != null && System.nanoTime() - current.expiresAtNanos() < 0) {
            return Uni.createFrom().item(current.models());
        }
        return poe.listModels()
                .ifNoItem().after(config.fetchTimeout()).fail()
                .map(list -> list.stream().map(m -> ModelList.Model.of(m.id(), m.created(), m.ownedBy())).toList())
                .invoke(models -> remember(models, config.cacheTtl()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not fetch Poe's model list, serving the configured fallback: %s", failure.toString());
                    List<ModelList.Model> fallback = config.fallback().stream()
                            .map(id -> ModelList.Model.of(id, 0, "poe"))
                            .toList();
                    remember(fallback, config.fallbackTtl());
                    return fallback;
                });
    }

    private void remember(List<ModelList.Model> models, Duration ttl) {
        snapshot = new Snapshot(models, System.nanoTime() + ttl.toNanos());
    }
}
