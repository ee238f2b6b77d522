package dev.poebridge.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.poebridge.auth.CallerKeys;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.config.PoeConfig;

/**
 * Ready only when the configuration can work: Poe's URLs are absolute http(s) URLs, deadlines are positive, the
 * default bots are set, and the key setup is coherent. It does not call Poe: an orchestrator must not pull every
 * replica out of service because Poe is slow for a moment.
 */
@Readiness
@ApplicationScoped
public class ConfigReadiness implements HealthCheck {

    private final PoeConfig poe;
    private final ImagesConfig images;
    private final CallerKeys keys;

    ConfigReadiness(PoeConfig poe, ImagesConfig images, CallerKeys keys) {
        this.poe = poe;
        this.images = images;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> problems = new ArrayList<>();
        checkUrl("poe.base-url", poe.baseUrl(), problems);
        checkUrl("poe.upload-url", poe.uploadUrl(), problems);
        if (poe.idleTimeout().isNegative() || poe.idleTimeout().isZero()
                || poe.totalTimeout().isNegative() || poe.totalTimeout().isZero()) {
            problems.add("poe.idle-timeout and poe.total-timeout must be positive");
        }
        if (poe.maxConcurrentCalls() < 1 || poe.maxConnections() < 1) {
            problems.add("poe.max-concurrent-calls and poe.max-connections must be at least 1");
        }
        if (images.defaultBot().isBlank() || images.editBot().isBlank() || images.variationBot().isBlank()) {
            problems.add("images.default-bot, images.edit-bot and images.variation-bot must name bots");
        }
        if (keys.misconfigured()) {
            problems.add("BRIDGE_API_KEYS is set without POE_API_KEY: no request can be served");
        }
        return HealthCheckResponse.named("configuration")
                .status(problems.isEmpty())
                .withData("keys", keys.serverHeld() ? "server-held" : "pass-through")
                .withData("problems", String.join("; ", problems))
                .build();
    }

    private static void checkUrl(String name, String value, List<String> problems) {
        try {
            URI uri = URI.create(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name + " must be an absolute http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not a URL");
        }
    }
}
