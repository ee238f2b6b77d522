package dev.poebridge.files.download;

import dev.poebridge.ops.ResponseHold;
import static dev.poebridge.files.download.DownloadFailures.connectionFailure;
import static dev.poebridge.files.download.DownloadFailures.failed;

import java.net.InetAddress;
import java.net.URI;

import dev.poebridge.error.ApiException;
import dev.poebridge.files.download.BotFileDownloader.Download;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * One download, from the first request through its redirects to the last byte, on one event loop: each URL's host is
 * checked ({@link AddressCheck}), each redirect too, at most {@value #MAX_REDIRECTS} of them; a 200 waits for its
 * share of the budget ({@link BudgetShare}) and is then read ({@link ImageBody}). Whatever ends it first (a failure,
 * the caller leaving, the deadline) cuts the connection and gives back what it held.
 */
final class ImageFetch {

    static final int MAX_REDIRECTS = 3;

    /** What every download uses: the HTTP client, the address rule, the byte budget and the size cap. */
    record Means(Vertx vertx, HttpClient http, AddressCheck addresses, DownloadBudget budget, long maxSize) {
    }

    private final Means means;
    private final String bot;
    private final UniEmitter<? super Download> emitter;
    private final BudgetShare share;
    private Context context;
    private int redirects;
    private HttpClientRequest request;
    private boolean responseEnded;
    private boolean done;

    ImageFetch(Means means, String bot, ResponseHold hold, UniEmitter<? super Download> emitter) {
        this.means = means;
        this.bot = bot;
        this.emitter = emitter;
        this.share = new BudgetShare(means.budget(), hold);
    }

    void begin(URI uri) {
        context = Context.isOnEventLoopThread() && Vertx.currentContext() != null ? Vertx.currentContext()
                : means.vertx().getOrCreateContext();
        emitter.onTermination(() -> context.runOnContext(v -> stop()));
        context.runOnContext(v -> resolve(uri));
    }

    private void resolve(URI uri) {
        means.addresses().resolve(uri, bot).onComplete(result -> {
            if (done) {
                return;
            }
            if (result.failed()) {
                fail(result.cause());
                return;
            }
            get(uri, result.result());
        });
    }

    private void get(URI uri, InetAddress address) {
        responseEnded = false;
        means.http().request(AddressCheck.get(uri, address))
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
            discard(response); // before the failure cuts the reply: handlers set after that throw and log an ERROR
            fail(failed(bot, uri.getHost(), "the file host answered HTTP " + status));
            return;
        }
        long max = means.maxSize();
        long announced = ImageBody.announcedLength(response);
        if (announced > max) {
            discard(response);
            fail(DownloadFailures.tooLarge(bot, uri.getHost(), max));
            return;
        }
        response.pause();
        response.endHandler(v -> responseEnded = true);
        share.reserve(announced >= 0 ? announced : max, context, () -> done,
                () -> ImageBody.read(response, max, announced, bot, uri.getHost(), new Reader()),
                this::fail);
    }

    private void redirect(URI from, String location) {
        if (++redirects > MAX_REDIRECTS) {
            fail(failed(bot, from.getHost(), "it redirected more than " + MAX_REDIRECTS + " times"));
            return;
        }
        URI next;
        try {
            next = DownloadUrls.redirectTarget(from, location, bot);
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
        if (end()) {
            emitter.fail(failure);
        }
    }

    /** The caller went away or the deadline passed: stop, and give back what was held. */
    private void stop() {
        end();
    }

    /** Ends this download unless it has ended already (then false): the connection is cut and the budget given back. */
    private boolean end() {
        if (done) {
            return false;
        }
        done = true;
        cut();
        share.giveBack();
        return true;
    }

    private void cut() {
        if (request != null && !responseEnded) {
            request.reset();
        }
    }

    /** The body's reader reports here. */
    private final class Reader implements ImageBody.Reader {

        @Override
        public boolean done() {
            return done;
        }

        @Override
        public void ended() {
            responseEnded = true;
        }

        @Override
        public void fail(ApiException failure) {
            ImageFetch.this.fail(failure);
        }

        @Override
        public void complete(byte[] bytes, String type) {
            done = true;
            share.shrinkTo(bytes.length);
            emitter.complete(new Download(bytes, type));
        }
    }
}
