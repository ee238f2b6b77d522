package dev.poebridge.testsupport;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bridge against {@link ScriptedPoe}, with deadlines shortened (1 s of silence, 4 s in all, heartbeats after
 * 200 ms, the stream's status decided within 300 ms) so that tests wait for events, not clocks; files capped at
 * 1 KiB and request bodies at 16 KiB, so that size limits can be shown with small requests; and a request head due
 * within 1 s ({@code http.header-read-timeout}), so that a slow client is shown in seconds. Every other test here
 * sends its head at once.
 */
public class ScriptedPoeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("poe.idle-timeout", "1s", "poe.total-timeout", "4s",
                "chat.heartbeat-interval", "200ms", "chat.status-wait", "300ms", "chat.max-file-size", "1K", "images.max-image-size", "1K",
                "quarkus.http.limits.max-body-size", "16K", "http.header-read-timeout", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScriptedPoe.class));
    }
}
