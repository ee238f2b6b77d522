package dev.poebridge.images;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Fetches the file a bot sent, for {@code response_format=b64_json}. The status is checked (an error page must never
 * come back encoded as if it were the image), the size is capped while reading, and a deadline bounds the whole
 * download. Files can live on any host (Poe's CDN, or a bot's own storage whose links expire), so they are fetched
 * as soon as the bot names them.
 */
@ApplicationScoped
public class ImageDownloader {

    private final HttpClient http;
    private final ImagesConfig config;

    ImageDownloader(Vertx vertx, ImagesConfig config) {
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(config.download().timeout().toMillis(), Integer.MAX_VALUE))
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(5));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The file's exact bytes, base64-encoded. */
    public Uni<String> base64(String url) {
        return bytes(url).map(bytes -> Base64.getEncoder().encodeToString(bytes));
    }

    /** The file's exact bytes; {@code data:} URLs are decoded without a request. */
    public Uni<byte[]> bytes(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return Uni.createFrom().item(() -> decodeDataUrl(url));
        }
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return Uni.createFrom().failure(failed(url, "it is not an http(s) URL"));
        }
        long max = config.download().maxSize().asLongValue();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        Uni<byte[]> download = Uni.createFrom().<byte[]> emitter(emitter -> {
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(url)
                    .setFollowRedirects(true)
                    .putHeader("Accept", "image/*,*/*;q=0.8");
            http.request(options)
                    .compose(req -> {
                        inFlight.set(req);
                        return req.send();
                    })
                    .onFailure(t -> emitter.fail(failed(url, t.getMessage())))
                    .onSuccess(response -> read(response, url, max, emitter));
        });
        return download
                .ifNoItem().after(config.download().timeout())
                .failWith(() -> failed(url, "it took longer than " + config.download().timeout().toSeconds() + " s"))
                .onTermination().invoke((item, failure, cancelled) -> {
                    HttpClientRequest req = inFlight.get();
                    if (req != null && (failure != null || cancelled)) {
                        req.reset();
                    }
                });
    }

    private static void read(HttpClientResponse response, String url, long max,
            io.smallrye.mutiny.subscription.UniEmitter<? super byte[]> emitter) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            response.handler(chunk -> {
            });
            emitter.fail(failed(url, "the file host answered HTTP " + status));
            return;
        }
        String length = response.getHeader("Content-Length");
        if (length != null && parseLong(length) > max) {
            emitter.fail(failed(url, "it is larger than " + max + " bytes"));
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                emitter.fail(failed(url, "it is larger than " + max + " bytes"));
                response.request().reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(t -> emitter.fail(failed(url, t.getMessage())));
        response.endHandler(v -> emitter.complete(body.getBytes()));
    }

    private static byte[] decodeDataUrl(String url) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw failed("data URL", "it is not a base64 data URL");
        }
        try {
            return Base64.getDecoder().decode(url.substring(comma + 1).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw failed("data URL", "its base64 is invalid");
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ApiException failed(String url, String why) {
        return ApiException.badGateway("image_download_failed",
                "Could not download the image the bot returned from " + hostOf(url) + ": " + why + ".");
    }

    /** Only the host goes into messages: the full URL may carry access tokens. */
    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "the bot's link" : host;
        } catch (IllegalArgumentException e) {
            return "the bot's link";
        }
    }
}
