package dev.poebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged bridge as a process of its own, for tests that need more than one bridge or a restart. */
class PackagedBridgeIT {

    @RegisterExtension
    static final ClassPoe poe = new ClassPoe();

    @Test
    void servesModelsFromTheStandInUntilStopped() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        try (PackagedBridge bridge = PackagedBridge.start(poe.get(), Map.of())) {
            HttpResponse<String> models = client.send(HttpRequest.newBuilder(bridge.baseUri().resolve("/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"object\":\"list\"");
            bridge.stop();
            assertThat(bridge.isAlive()).isFalse();
        }
    }

    @Test
    void twoBridgesRunSideBySideOnTheirOwnPorts() {
        try (PackagedBridge one = PackagedBridge.start(poe.get(), Map.of());
             PackagedBridge other = PackagedBridge.start(poe.get(), Map.of())) {
            assertThat(other.baseUri()).isNotEqualTo(one.baseUri());
            assertThat(one.isAlive()).isTrue();
        }
    }

    @Test
    void aBridgeThatCannotStartFailsWithItsLog() {
        assertThatThrownBy(() -> PackagedBridge.start(poe.get(), Map.of("SHUTDOWN_GRACE", "not-a-duration")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("not-a-duration");
    }
}
