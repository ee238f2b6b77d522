package dev.poebridge.files.download;

import dev.poebridge.ops.ResponseHold;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.testsupport.CapturedLogs;
import dev.poebridge.testsupport.PoeStandIn;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The download rules for bot files, with a resolver of the test's choosing: {@code cdn.bridge.test} resolves to the
 * file stand-in on 127.0.0.1, which stands for "a public host" (the only address the rule allows here); every other
 * name resolves to addresses that must be refused.
 */
class BotFileDownloaderTest {

    private static final byte[] CAT = PoeStandIn.file("cat.png");
    private static final InetAddress STAND_IN = address("127.0.0.1");
    private static final Map<String, List<InetAddress>> NAMES = Map.of(
            "cdn.bridge.test", List.of(STAND_IN),
            "internal.bridge.test", List.of(address("10.1.2.3")),
            "metadata.bridge.test", List.of(address("169.254.169.254")),
            "mixed.bridge.test", List.of(STAND_IN, address("192.168.0.10")),
            "other-loopback.bridge.test", List.of(address("127.0.0.2")));

    private static Vertx vertx;
    private static WireMockServer files;
    private final AtomicInteger lookups = new AtomicInteger();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        files = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("wiremock"));
        files.start();
    }

    @AfterAll
    static void stop() {
        files.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void resetStandIn() {
        files.resetAll();
        files.resetToDefaultMappings();
    }

    private BotFileDownloader downloader(String maxSize, String budget, Duration queueTimeout) {
        var sizes = new io.quarkus.runtime.configuration.MemorySizeConverter();
        return new BotFileDownloader(vertx, new Config(sizes.convert(maxSize),
                Optional.ofNullable(budget).map(sizes::convert), queueTimeout), host -> {
                    lookups.incrementAndGet();
                    List<InetAddress> found = NAMES.get(host);
                    if (found == null) {
                        return new InetAddress[] { InetAddress.getByName(host) }; // literals only: no DNS here
                    }
                    return found.toArray(InetAddress[]::new);
                }, STAND_IN::equals);
    }

    private BotFileDownloader downloader() {
        return downloader("1M", null, Duration.ofSeconds(5));
    }

    private String cdn(String path) {
        return "http://cdn.bridge.test:" + files.port() + path;
    }

    private static BotFileDownloader.Download await(Uni<BotFileDownloader.Download> download) {
        return download.await().atMost(Duration.ofSeconds(10));
    }

    private static ApiException failure(Uni<BotFileDownloader.Download> download) {
        Throwable t = download.subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(10)).getFailure();
        assertThat(t).isInstanceOf(ApiException.class);
        return (ApiException) t;
    }

    @Test
    void resolvesTheNameOnceAndConnectsToTheAddressItChecked() {
        BotFileDownloader.Download download = await(downloader().download(cdn("/files/cat.png"), "Painter", new ResponseHold()));
        assertThat(download.bytes()).isEqualTo(CAT);
        assertThat(download.contentType()).isEqualTo("image/png");
        // cdn.bridge.test exists only in this resolver: the connection can only have gone to the address it gave
        assertThat(lookups).hasValue(1);
        files.verify(1, getRequestedFor(urlPathEqualTo("/files/cat.png")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://internal.bridge.test/x.png", "http://metadata.bridge.test/latest/meta-data/",
            "http://mixed.bridge.test:%d/files/cat.png", "http://other-loopback.bridge.test:%d/files/cat.png",
            "http://127.0.0.2:%d/files/cat.png", "http://2130706434:%d/files/cat.png", "http://0.0.0.0:%d/files/cat.png",
            "http://[::1]:%d/files/cat.png", "http://[::ffff:127.0.0.2]:%d/files/cat.png", "http://10.0.0.1/a.png",
            "http://100.64.0.1/a.png", "http://[fd00::1]/a.png", "http://[fe80::1]/a.png" })
    void refusesEveryNonPublicAddressBeforeConnecting(String url) {
        ApiException e = failure(downloader().download(url.formatted(files.port()), "Echo-Bot", new ResponseHold()));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("image_download_failed");
        assertThat(e.getMessage()).contains("Echo-Bot").contains("private, local or reserved network address")
                .doesNotContain("10.1.2.3", "169.254", "192.168");
        assertThat(files.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://internal.bridge.test/secret.png", "http://127.0.0.2:%d/files/cat.png",
            "http://[::1]:%d/files/cat.png", "http://metadata.bridge.test/" })
    void checksEachRedirectAgain(String target) {
        files.stubFor(get("/hop").willReturn(aResponse().withStatus(302).withHeader("Location", target.formatted(files.port()))));
        ApiException e = failure(downloader().download(cdn("/hop"), "Painter", new ResponseHold()));
        assertThat(e.getMessage()).contains("private, local or reserved network address");
    }

    @Test
    void followsUpToThreeRedirectsIncludingRelativeOnes() {
        files.stubFor(get("/r1").willReturn(aResponse().withStatus(301).withHeader("Location", cdn("/r2"))));
        files.stubFor(get("/r2").willReturn(aResponse().withStatus(307).withHeader("Location", "/r3")));
        files.stubFor(get("/r3").willReturn(aResponse().withStatus(308).withHeader("Location", "files/cat.png")));
        assertThat(await(downloader().download(cdn("/r1"), "Painter", new ResponseHold())).bytes()).isEqualTo(CAT);
    }

    @Test
    void refusesAFourthRedirect() {
        files.stubFor(get("/r0").willReturn(aResponse().withStatus(302).withHeader("Location", "/r1")));
        files.stubFor(get("/r1").willReturn(aResponse().withStatus(302).withHeader("Location", "/r2")));
        files.stubFor(get("/r2").willReturn(aResponse().withStatus(302).withHeader("Location", "/r3")));
        files.stubFor(get("/r3").willReturn(aResponse().withStatus(302).withHeader("Location", "/files/cat.png")));
        assertThat(failure(downloader().download(cdn("/r0"), "Painter", new ResponseHold())).getMessage()).contains("more than 3 times");
        files.verify(0, getRequestedFor(urlPathEqualTo("/files/cat.png")));
    }

    @Test
    void refusesWhatIsNotAnImageAndPassesNothingOn() {
        files.stubFor(get("/page").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody("<html><body>internal admin panel, secret=42</body></html>")));
        ApiException e = failure(downloader().download(cdn("/page"), "Painter", new ResponseHold()));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("not a PNG, JPEG, WebP or GIF image").doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(ints = { 201, 203, 206, 204, 304, 404, 500 })
    void acceptsOnlyStatus200(int status) {
        files.stubFor(get("/odd").willReturn(aResponse().withStatus(status).withBody(CAT)));
        assertThat(failure(downloader().download(cdn("/odd"), "Painter", new ResponseHold())).getMessage()).contains("HTTP " + status);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/odd", "/files/big.png" })
    void aRefusedReplyIsLetGoWithoutAnErrorInTheLog(String path) throws Exception {
        files.stubFor(get("/odd").willReturn(aResponse().withStatus(404).withBody(CAT)));
        files.stubFor(get("/files/big.png").willReturn(aResponse().withStatus(200).withBody(new byte[4096])));
        try (CapturedLogs logs = CapturedLogs.open()) {
            CompletableFuture<Context> failedOn = new CompletableFuture<>();
            downloader("1K", "64M", Duration.ofSeconds(30)).download(cdn(path), "Painter", new ResponseHold()).subscribe()
                    .with(ok -> failedOn.completeExceptionally(new AssertionError("downloaded")),
                            failure -> failedOn.complete(Vertx.currentContext()));
            Context loop = failedOn.get(10, TimeUnit.SECONDS);
            // Tasks on one event loop run in order: once this one has run, so has the rest of the step that failed.
            CompletableFuture<Void> after = new CompletableFuture<>();
            loop.runOnContext(v -> after.complete(null));
            after.get(10, TimeUnit.SECONDS);
            assertThat(logs.records()).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        }
    }

    @Test
    void refusesAnImageLargerThanTheCapWhetherAnnouncedOrNot() {
        byte[] big = new byte[4096];
        System.arraycopy(CAT, 0, big, 0, Math.min(CAT.length, big.length));
        files.stubFor(get("/announced").willReturn(aResponse().withStatus(200).withBody(big)));
        files.stubFor(get("/chunked").willReturn(aResponse().withStatus(200).withBody(big).withChunkedDribbleDelay(4, 50)));
        BotFileDownloader small = downloader("1K", null, Duration.ofSeconds(5));
        assertThat(failure(small.download(cdn("/announced"), "Painter", new ResponseHold())).getMessage()).contains("larger than 1024 bytes");
        assertThat(failure(small.download(cdn("/chunked"), "Painter", new ResponseHold())).getMessage()).contains("larger than 1024 bytes");
        assertThat(small.bytesHeld()).isZero();
    }

    @Test
    void refusesOtherSchemesAndDataUrlsThatAreNotImages() {
        assertThat(failure(downloader().download("file:///etc/passwd", "Painter", new ResponseHold())).getMessage()).contains("not an http(s) URL");
        assertThat(failure(downloader().download("gopher://cdn.bridge.test/x", "Painter", new ResponseHold())).getMessage())
                .contains("not an http(s) URL");
        String html = "data:image/png;base64," + java.util.Base64.getEncoder()
                .encodeToString("<html></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(failure(downloader().download(html, "Painter", new ResponseHold())).getMessage()).contains("not a PNG");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void thirtyParallelDownloadsAllSucceed() {
        BotFileDownloader downloader = downloader();
        List<Uni<BotFileDownloader.Download>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(downloader.download(cdn("/files/cat.png"), "Painter", new ResponseHold()));
        }
        List<BotFileDownloader.Download> done = Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(20));
        assertThat(done).hasSize(30).allSatisfy(d -> assertThat(d.bytes()).isEqualTo(CAT));
    }

    @Test
    void callersWhoLeaveMidDownloadNeverTouchOtherDownloads() throws Exception {
        files.stubFor(get("/slow/cat.png").willReturn(aResponse().withStatus(200).withBody(CAT)
                .withChunkedDribbleDelay(8, 400)));
        BotFileDownloader downloader = downloader();
        List<java.util.concurrent.CompletableFuture<BotFileDownloader.Download>> kept = new ArrayList<>();
        List<io.smallrye.mutiny.subscription.Cancellable> left = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Uni<BotFileDownloader.Download> download = downloader.download(cdn("/slow/cat.png"), "Painter", new ResponseHold());
            if (i % 2 == 0) {
                kept.add(download.subscribeAsCompletionStage());
            } else {
                left.add(download.subscribe().with(d -> {
                }, t -> {
                }));
            }
        }
        while (files.getAllServeEvents().size() < 20) {
            Thread.onSpinWait(); // every download has its connection before half of the callers leave
        }
        left.forEach(io.smallrye.mutiny.subscription.Cancellable::cancel);
        for (var download : kept) {
            assertThat(download.get(20, java.util.concurrent.TimeUnit.SECONDS).bytes()).isEqualTo(CAT);
        }
    }

    @Test
    void downloadsBeyondTheBudgetWaitTheirTurnAndAllSucceed() {
        BotFileDownloader downloader = downloader("1M", String.valueOf(CAT.length), Duration.ofSeconds(10));
        List<Uni<BotFileDownloader.Download>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ResponseHold response = new ResponseHold();
            all.add(downloader.download(cdn("/files/cat.png"), "Painter", response)
                    .onItem().invoke(response::release)); // each response written at once
        }
        assertThat(Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(20))).hasSize(5);
        assertThat(downloader.bytesHeld()).isZero();
    }

    @Test
    void aDownloadThatWaitsPastTheQueueDeadlineIs503WithRetryAfter() {
        BotFileDownloader downloader = downloader("1M", String.valueOf(CAT.length), Duration.ofMillis(200));
        ResponseHold slowResponse = new ResponseHold();
        await(downloader.download(cdn("/files/cat.png"), "Painter", slowResponse));
        ApiException e = failure(downloader.download(cdn("/files/cat.png"), "Painter", new ResponseHold()));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("downloads_busy");
        assertThat(e.retryAfterSeconds()).isPositive();
        slowResponse.release();
        assertThat(downloader.bytesHeld()).isZero();
        assertThat(await(downloader.download(cdn("/files/cat.png"), "Painter", new ResponseHold())).bytes()).isEqualTo(CAT);
    }

    @Test
    void anImageLargerThanTheWholeBudgetStillDownloadsOnItsOwn() {
        BotFileDownloader downloader = downloader("1M", "10", Duration.ofMillis(200));
        ResponseHold response = new ResponseHold();
        BotFileDownloader.Download download = await(downloader.download(cdn("/files/cat.png"), "Painter", response));
        assertThat(download.bytes()).isEqualTo(CAT);
        response.release();
        assertThat(downloader.bytesHeld()).isZero();
    }

    @Test
    void theImagesOfOneRequestNeverWaitForEachOther() {
        // what a request holds is given back when its response is written, after all of its images have come
        BotFileDownloader downloader = downloader("1M", String.valueOf(CAT.length), Duration.ofMillis(200));
        ResponseHold response = new ResponseHold();
        List<Uni<BotFileDownloader.Download>> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(downloader.download(cdn("/files/cat.png"), "Painter", response));
        }
        assertThat(Uni.join().all(images).andFailFast().await().atMost(Duration.ofSeconds(10))).hasSize(3);
        assertThat(failure(downloader.download(cdn("/files/cat.png"), "Painter", new ResponseHold())).status())
                .as("another request waits its turn").isEqualTo(503);
        response.release();
        assertThat(downloader.bytesHeld()).isZero();
    }

    @Test
    void aDownloadWithoutALengthHoldsOnlyWhatItRead() {
        files.stubFor(get("/chunked/cat.png").willReturn(aResponse().withStatus(200).withBody(CAT)
                .withChunkedDribbleDelay(4, 50)));
        BotFileDownloader downloader = downloader("1M", null, Duration.ofSeconds(5));
        ResponseHold response = new ResponseHold();
        assertThat(await(downloader.download(cdn("/chunked/cat.png"), "Painter", response)).bytes()).isEqualTo(CAT);
        assertThat(downloader.bytesHeld()).isEqualTo(CAT.length);
        response.release();
        assertThat(downloader.bytesHeld()).isZero();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private record Config(MemorySize maxSize, Optional<MemorySize> memoryBudget, Duration queueTimeout)
            implements ImagesConfig.Download {

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public boolean allowPrivateNetworks() {
            return false;
        }

        @Override
        public int maxConnections() {
            return 64;
        }
    }
}
