package dev.poebridge.files.download;

import static dev.poebridge.files.download.DownloadFailures.failed;

import java.net.InetAddress;
import java.net.URI;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.files.DataUrls;
import dev.poebridge.files.MediaTypes;
import dev.poebridge.files.OffLoop;
import dev.poebridge.ops.ResponseHold;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Fetches the image a bot sent, for {@code b64_json}. The URL comes from a bot, and a bot can be made to name any
 * URL, so every download follows these rules:
 * <ul>
 * <li>only {@code http(s)} ({@link DownloadUrls}), only to public addresses ({@link AddressCheck},
 * {@link PublicAddresses}): the name is resolved once, every address it resolves to is checked, and the connection
 * goes to the checked address (no second lookup that could answer differently); each redirect is checked the same
 * way, at most {@value ImageFetch#MAX_REDIRECTS} of them ({@link ImageFetch}).
 * {@code images.download.allow-private-networks} lifts the address rule for tests and private setups;</li>
 * <li>only an image ({@link ImageBody}): status 200, at most {@code images.download.max-size} bytes, and bytes that
 * are PNG, JPEG, WebP or GIF; anything else fails with a 502 naming the bot and passes nothing on;</li>
 * <li>bounded: at most {@code images.download.max-connections} at once, and a {@link DownloadBudget} of bytes held at
 * once ({@link BudgetShare}); every download has its own connection (no keep-alive), so cutting one can never touch
 * another caller's.</li>
 * </ul>
 */
@ApplicationScoped
public class BotFileDownloader {

    /** An image's exact bytes and the type they really have. */
    public record Download(byte[] bytes, String contentType) {
    }

    private final ImagesConfig.Download config;
    private final HttpClient http;
    private final DownloadBudget budget;
    private final ImageFetch.Means means;

    @Inject
    BotFileDownloader(Vertx vertx, ImagesConfig config) {
        this(vertx, config.download(), InetAddress::getAllByName, PublicAddresses::isPublic);
    }

    /** With a resolver and an address rule of the test's choosing: names that resolve to a stand-in, say. */
    BotFileDownloader(Vertx vertx, ImagesConfig.Download config, AddressCheck.Resolver resolver,
            Predicate<InetAddress> allowed) {
        this.config = config;
        long connectMillis = Math.min(config.timeout().toMillis(), 10_000);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectMillis)
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setTryUseCompression(false), new PoolOptions()
                        .setHttp1MaxSize(Math.max(1, config.maxConnections())));
        long capacity = config.memoryBudget().map(m -> m.asLongValue())
                .orElse(Runtime.getRuntime().maxMemory() / 5);
        this.budget = new DownloadBudget(vertx, Math.max(1, capacity), config.queueTimeout());
        AddressCheck addresses = new AddressCheck(vertx, resolver, allowed, config.allowPrivateNetworks());
        this.means = new ImageFetch.Means(vertx, http, addresses, budget, config.maxSize().asLongValue());
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** Bytes the downloads in progress hold, for tests and metrics. */
    public long bytesHeld() {
        return budget.held();
    }

    /**
     * Downloads the image at {@code url}, which bot {@code bot} named, for the response {@code hold} stands for: the
     * bytes count against the download budget until that response is done (a failed or cancelled download gives them
     * back at once). {@code data:image/...} URLs are decoded instead, on a worker thread.
     */
    public Uni<Download> download(String url, String bot, ResponseHold hold) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            return OffLoop.run(() -> decodeDataUrl(url, bot));
        }
        URI uri;
        try {
            uri = DownloadUrls.checked(url, bot);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().<Download> emitter(emitter -> new ImageFetch(means, bot, hold, emitter).begin(uri))
                .ifNoItem().after(config.timeout())
                .failWith(() -> failed(bot, uri.getHost(), "it took longer than " + config.timeout().toSeconds() + " s"));
    }

    private Download decodeDataUrl(String url, String bot) {
        if (!DataUrls.isBase64(url)) {
            throw failed(bot, null, "it is a data URL without base64 data");
        }
        long max = config.maxSize().asLongValue();
        if (DataUrls.estimatedSize(url) > max + 3) {
            throw DownloadFailures.tooLarge(bot, null, max);
        }
        byte[] bytes;
        try {
            bytes = DataUrls.bytes(url);
        } catch (IllegalArgumentException e) {
            throw failed(bot, null, "its base64 is invalid");
        }
        String type = MediaTypes.sniffImage(bytes);
        if (type == null) {
            throw failed(bot, null, "what it holds is not a PNG, JPEG, WebP or GIF image");
        }
        return new Download(bytes, type);
    }
}
