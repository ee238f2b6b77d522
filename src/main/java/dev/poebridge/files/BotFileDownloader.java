package dev.poebridge.files;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Fetches the image a bot sent, for {@code b64_json}. The URL comes from a bot, and a bot can be made to name any
 * URL, so every download follows these rules:
 * <ul>
 * <li>only {@code http(s)}, only to public addresses ({@link PublicAddresses}): the name is resolved once, every
 * address it resolves to is checked, and the connection goes to the checked address (no second lookup that could
 * answer differently); each redirect is checked the same way, at most {@value #MAX_REDIRECTS} of them.
 * {@code images.download.allow-private-networks} lifts the address rule for tests and private setups;</li>
 * <li>only an image: status 200, at most {@code images.download.max-size} bytes, and bytes that are PNG, JPEG, WebP or
 * GIF; anything else fails with a 502 naming the bot and passes nothing on;</li>
 * <li>bounded: at most {@code images.download.max-connections} at once, and a {@link DownloadBudget} of bytes held at
 * once; every download has its own connection (no keep-alive), so cutting one can never touch another caller's.</li>
 * </ul>
 */
@ApplicationScoped
public class BotFileDownloader {

    private static final Logger LOG = Logger.getLogger(BotFileDownloader.class);
    static final int MAX_REDIRECTS = 3;

    /** An image's exact bytes and the type they really have. */
    public record Download(byte[] bytes, String contentType) {
    }

    /** Host name to addresses; the JDK's resolver in production. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Vertx vertx;
    private final ImagesConfig.Download config;
    private final Resolver resolver;
    private final Predicate<InetAddress> allowed;
    private final HttpClient http;
    private final DownloadBudget budget;

    @Inject
    BotFileDownloader(Vertx vertx, ImagesConfig config) {
        this(vertx, config.download(), InetAddress::getAllByName, PublicAddresses::isPublic);
    }

    /** With a resolver and an address rule of the test's choosing: names that resolve to a stand-in, say. */
    BotFileDownloader(Vertx vertx, ImagesConfig.Download config, Resolver resolver, Predicate<InetAddress> allowed) {
        this.vertx = vertx;
        this.config = config;
        this.resolver = resolver;
        this.allowed = allowed;
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
            return Uni.createFrom().item(() -> decodeDataUrl(url, bot))
                    .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
        }
        URI uri;
        try {
            uri = checkedUri(url, bot);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().<Download> emitter(emitter -> new Fetch(bot, hold, emitter).begin(uri))
                .ifNoItem().after(config.timeout())
                .failWith(() -> failed(bot, uri.getHost(), "it took longer than " + config.timeout().toSeconds() + " s"));
    }

    private static URI checkedUri(String url, String bot) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw failed(bot, null, "its URL is malformed");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw failed(bot, null, "it is not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw failed(bot, null, "its URL names no host");
        }
        return uri;
    }

    /** One download, from the first request through its redirects to the last byte, on one event loop. */
    private final class Fetch {

        private final String bot;
        private final ResponseHold hold;
        private final UniEmitter<? super Download> emitter;
        private Context context;
        private int redirects;
        private HttpClientRequest request;
        private boolean responseEnded;
        private DownloadBudget.Lease lease;
        private io.smallrye.mutiny.subscription.Cancellable waiting;
        private boolean done;

        Fetch(String bot, ResponseHold hold, UniEmitter<? super Download> emitter) {
            this.bot = bot;
            this.hold = hold;
            this.emitter = emitter;
        }

        void begin(URI uri) {
            context = Context.isOnEventLoopThread() && Vertx.currentContext() != null ? Vertx.currentContext()
                    : vertx.getOrCreateContext();
            emitter.onTermination(() -> context.runOnContext(v -> stop()));
            context.runOnContext(v -> resolve(uri));
        }

        /** Name to addresses once, on a worker thread (the JDK resolver blocks), then every address is checked. */
        private void resolve(URI uri) {
            String host = uri.getHost();
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            vertx.<InetAddress[]> executeBlocking(() -> resolver.resolve(literal), false)
                    .onComplete(result -> {
                        if (done) {
                            return;
                        }
                        if (result.failed()) {
                            fail(failed(bot, host, result.cause() instanceof UnknownHostException
                                    ? "its host name does not resolve" : "its host name could not be resolved"));
                            return;
                        }
                        InetAddress[] addresses = result.result();
                        if (!config.allowPrivateNetworks()) {
                            for (InetAddress address : addresses) {
                                if (!allowed.test(address)) {
                                    LOG.infof("Refused to download bot '%s''s file from %s: it resolves to a non-public address",
                                            bot, host);
                                    fail(failed(bot, host, "it points to a private, local or reserved network address, "
                                            + "which the bridge does not fetch from"));
                                    return;
                                }
                            }
                        }
                        get(uri, addresses[0]);
                    });
        }

        private void get(URI uri, InetAddress address) {
            boolean https = uri.getScheme().equalsIgnoreCase("https");
            int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setHost(uri.getHost())
                    .setPort(port)
                    .setSsl(https)
                    .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                    .setFollowRedirects(false)
                    .putHeader("Accept", "image/png,image/jpeg,image/webp,image/gif,image/*;q=0.8");
            responseEnded = false;
            http.request(options)
                    .compose(req -> {
                        request = req;
                        // Failures reach this call through the reply's future and handlers; without a handler here,
                        // Vert.x would also log every deliberate reset ("Stream reset: 0") as an ERROR.
                        req.exceptionHandler(t -> {
                        });
                        if (done) {
                            req.reset();
                        }
                        return req.send();
                    })
                    .onSuccess(response -> onResponse(uri, response))
                    .onFailure(t -> fail(failed(bot, uri.getHost(), connectionFailure(t))));
        }

        private void onResponse(URI uri, HttpClientResponse response) {
            if (done) {
                return;
            }
            response.exceptionHandler(t -> fail(failed(bot, uri.getHost(), connectionFailure(t))));
            int status = response.statusCode();
            String location = response.getHeader("Location");
            if (status >= 300 && status < 400 && location != null) {
                discard(response);
                redirect(uri, location);
                return;
            }
            if (status != 200) {
                fail(failed(bot, uri.getHost(), "the file host answered HTTP " + status));
                discard(response);
                return;
            }
            long max = config.maxSize().asLongValue();
            long announced = parseLong(response.getHeader("Content-Length"));
            if (announced > max) {
                fail(failed(bot, uri.getHost(), "it is larger than " + max + " bytes"));
                discard(response);
                return;
            }
            response.pause();
            response.endHandler(v -> responseEnded = true);
            waiting = budget.reserve(announced >= 0 ? announced : max, hold).subscribe().with(granted -> context.runOnContext(v -> {
                // owned by the response from now on, whatever happens to this download or its caller
                hold.until(granted::release);
                if (done) {
                    granted.release();
                    return;
                }
                lease = granted;
                read(uri, response, max, announced);
            }), failure -> context.runOnContext(v -> fail(failure)));
        }

        private void read(URI uri, HttpClientResponse response, long max, long announced) {
            // Sized from Content-Length when there is one: a growing buffer would hold up to twice the image.
            Bytes body = new Bytes(announced >= 0 ? (int) announced : 64 * 1024);
            response.handler(chunk -> {
                if (done) {
                    return;
                }
                if ((long) body.length + chunk.length() > max) {
                    fail(failed(bot, uri.getHost(), "it is larger than " + max + " bytes"));
                    return;
                }
                boolean checked = body.length >= 16;
                body.append(chunk);
                if (!checked && body.length >= 16 && MediaTypes.sniffImage(body.head(16)) == null) {
                    fail(notAnImage(uri)); // an HTML page or a redirect notice: stop reading it at once
                }
            });
            response.endHandler(v -> {
                responseEnded = true;
                if (done) {
                    return;
                }
                byte[] bytes = body.toArray();
                String type = MediaTypes.sniffImage(bytes);
                if (type == null) {
                    fail(notAnImage(uri));
                    return;
                }
                done = true;
                lease.shrinkTo(bytes.length);
                emitter.complete(new Download(bytes, type));
            });
            response.resume();
        }

        private ApiException notAnImage(URI uri) {
            return failed(bot, uri.getHost(), "what it served is not a PNG, JPEG, WebP or GIF image");
        }

        private void redirect(URI from, String location) {
            if (++redirects > MAX_REDIRECTS) {
                fail(failed(bot, from.getHost(), "it redirected more than " + MAX_REDIRECTS + " times"));
                return;
            }
            URI next;
            try {
                next = checkedUri(from.resolve(new URI(location.strip())).toString(), bot);
            } catch (URISyntaxException | IllegalArgumentException e) {
                fail(failed(bot, from.getHost(), "it redirected to a malformed URL"));
                return;
            } catch (ApiException e) {
                fail(e);
                return;
            }
            resolve(next);
        }

        /** Ignores the rest of a reply that is not used; the connection is not reused, so nothing is to be kept. */
        private void discard(HttpClientResponse response) {
            response.exceptionHandler(t -> {
            });
            response.handler(chunk -> {
            });
            response.endHandler(v -> responseEnded = true);
            cut();
        }

        private void fail(Throwable failure) {
            if (done) {
                return;
            }
            done = true;
            if (waiting != null) {
                waiting.cancel(); // leave the budget's queue: a dead waiter at its head would hold up the others
            }
            cut();
            if (lease != null) {
                lease.release();
            }
            emitter.fail(failure);
        }

        /** The caller went away or the deadline passed: stop, and give back what was held. */
        private void stop() {
            if (done) {
                return;
            }
            done = true;
            if (waiting != null) {
                waiting.cancel();
            }
            cut();
            if (lease != null) {
                lease.release();
            }
        }

        private void cut() {
            if (request != null && !responseEnded) {
                request.reset();
            }
        }
    }

    /** A byte array that grows by half when full, handed over without a copy when it is exactly full. */
    private static final class Bytes {
        byte[] array;
        int length;

        Bytes(int capacity) {
            array = new byte[Math.max(16, capacity)];
        }

        void append(Buffer chunk) {
            int needed = length + chunk.length();
            if (needed > array.length) {
                array = java.util.Arrays.copyOf(array, Math.max(needed, array.length + (array.length >> 1)));
            }
            chunk.getBytes(0, chunk.length(), array, length);
            length = needed;
        }

        byte[] head(int n) {
            return java.util.Arrays.copyOf(array, n);
        }

        byte[] toArray() {
            return length == array.length ? array : java.util.Arrays.copyOf(array, length);
        }
    }

    private Download decodeDataUrl(String url, String bot) {
        if (!DataUrls.isBase64(url)) {
            throw failed(bot, null, "it is a data URL without base64 data");
        }
        long max = config.maxSize().asLongValue();
        if (DataUrls.estimatedSize(url) > max + 3) {
            throw failed(bot, null, "it is larger than " + max + " bytes");
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

    /** A fixed reason: the transport's own messages name the address connected to, which stays private. */
    private static String connectionFailure(Throwable t) {
        if (t instanceof java.net.ConnectException) {
            return "the connection was refused or could not be opened";
        }
        if (t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
            return "the connection timed out";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake failed";
        }
        return "the connection failed";
    }

    private static long parseLong(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Only the host goes into messages: the full URL may carry access tokens, and resolved addresses stay private. */
    private static ApiException failed(String bot, String host, String why) {
        return ApiException.badGateway("image_download_failed", "Could not download the image that Poe bot '" + bot
                + "' returned" + (host == null ? "" : " from " + host) + ": " + why + ".");
    }
}
