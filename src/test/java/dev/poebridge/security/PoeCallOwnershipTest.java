package dev.poebridge.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.poebridge.testsupport.PoeStandIn.sse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.poebridge.error.PoeException;
import dev.poebridge.poe.BotName;
import dev.poebridge.poe.PoeClient;
import dev.poebridge.poe.PoeEvent;
import dev.poebridge.poe.PoeQuery;
import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One owner of a Poe reply's lifecycle. Under mixed load, a call started from a thread outside Vert.x's event loops
 * (blocking endpoints, retry back-off) could attach its handlers to a reply that had already ended: Vert.x threw
 * {@code IllegalStateException: Response already ended} and the call then hung until the idle deadline (5 in 60,000
 * requests). Each call now runs, from request to last byte, on one event loop, so handlers are always in place first.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class PoeCallOwnershipTest {

    @InjectPoeStandIn
    PoeStandIn poe;

    @Inject
    PoeClient client;

    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.open();
    }

    @AfterEach
    void reset() {
        logs.close();
        poe.reset();
    }

    private static List<PoeQuery.Message> prompt() {
        return List.of(PoeQuery.Message.user("a cat"));
    }

    @Test
    void aCallSubscribedFromAThreadOutsideVertxRunsOnAnEventLoop() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            List<PoeEvent> events = plain.submit(() -> client.query(BotName.of("Imagen-3-Fast"), prompt(), "key")
                    .onItem().invoke(e -> threads.add(Thread.currentThread().getName()))
                    .collect().asList().await().atMost(Duration.ofSeconds(10))).get(15, TimeUnit.SECONDS);
            assertThat(events).isNotEmpty();
        } finally {
            plain.shutdownNow();
        }
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("vert.x-eventloop-thread"));
    }

    @Test
    void manyCallsFromThreadsOutsideVertxAllFinishPromptly() throws Exception {
        poe.bot("Quick-Error", aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"nope\"}}"));
        poe.bot("Quick-Image", sse("event: file\ndata: {\"url\": \"" + poe.baseUrl()
                + "/files/cat.png\", \"content_type\": \"image/png\", \"name\": \"cat.png\"}\n\nevent: done\ndata: {}\n\n"));
        ExecutorService plain = Executors.newFixedThreadPool(8);
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                String bot = i % 2 == 0 ? "Quick-Error" : "Quick-Image";
                outcomes.add(CompletableFuture.supplyAsync(() -> client.query(BotName.of(bot), prompt(), "key")
                        .collect().asList()
                        .map(events -> "ok")
                        .onFailure(PoeException.class).recoverWithItem(e -> ((PoeException) e).kind().name())
                        .await().atMost(Duration.ofSeconds(10)), plain));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? "USER_ERROR" : "ok");
            }
        } finally {
            plain.shutdownNow();
        }
        assertThat(logs.lines()).noneMatch(line -> line.contains("Response already ended"));
    }
}
