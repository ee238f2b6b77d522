package dev.poebridge.testsupport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bridge against {@link PoeStandIn} with its size caps lowered, so that each can be shown with a few megabytes:
 * JSON bodies at 2 MiB ({@code limits.max-json-body-size}), whole request bodies at 8 MiB
 * ({@code quarkus.http.limits.max-body-size}), a bot's held answer at 1M characters ({@code chat.max-answer-size}).
 * Each test sends or asks for more than one cap and stays far below the others.
 */
public class SmallLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("limits.max-json-body-size", "2M", "quarkus.http.limits.max-body-size", "8M",
                "chat.max-answer-size", "1M");
    }
}
