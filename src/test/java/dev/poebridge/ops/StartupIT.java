package dev.poebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.poebridge.testsupport.ClassPoe;
import dev.poebridge.testsupport.PackagedBridge;

/**
 * What the packaged bridge does at start: it migrates a new database once and only checks it on later starts, and it
 * reports its own start-up time (from the JVM's start to the first answer) in its log and its metrics.
 */
class StartupIT {

    @RegisterExtension
    static final ClassPoe poe = new ClassPoe();

    @TempDir
    Path folder;

    @Test
    void aNewDatabaseIsMigratedAndLaterStartsOnlyCheckIt() throws IOException {
        Map<String, String> env = Map.of("DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
        String first;
        try (PackagedBridge bridge = PackagedBridge.start(poe.get(), env)) {
            first = Files.readString(bridge.log());
        }
        try (PackagedBridge bridge = PackagedBridge.start(poe.get(), env)) {
            String second = Files.readString(bridge.log());
            assertThat(first).contains("schema migrated to version");
            assertThat(second).contains("schema up to date").doesNotContain("schema migrated");
        }
    }

    @Test
    void theFirstAnswerIsLoggedWithItsTimeSinceTheJvmStartedAndKeptAsAGauge() throws Exception {
        try (PackagedBridge bridge = PackagedBridge.start(poe.get(), Map.of())) {
            // PackagedBridge's readiness probe was this process's first request.
            assertThat(Files.readString(bridge.log()))
                    .containsPattern("First request \\(GET /q/health/ready\\) answered \\d+ ms after the JVM started");
            String metrics = get(bridge.baseUri().resolve("/q/metrics"));
            assertThat(metrics).containsPattern("(?m)^bridge_startup_first_answer_seconds \\d");
            get(bridge.baseUri().resolve("/q/health/live"));
            assertThat(Files.readString(bridge.log())).containsOnlyOnce("First request");
        }
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
