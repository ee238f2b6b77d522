package dev.poebridge.files.download;

import static dev.poebridge.files.download.DownloadFailures.failed;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Where a download may connect: a host name is resolved once, every address it resolves to must pass the address rule
 * ({@link PublicAddresses} unless {@code images.download.allow-private-networks}), and the request then goes to the
 * checked address itself, so no second lookup can answer differently.
 */
final class AddressCheck {

    private static final Logger LOG = Logger.getLogger(AddressCheck.class);

    /** Host name to addresses; the JDK's resolver in production. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Vertx vertx;
    private final Resolver resolver;
    private final Predicate<InetAddress> allowed;
    private final boolean allowPrivateNetworks;

    AddressCheck(Vertx vertx, Resolver resolver, Predicate<InetAddress> allowed, boolean allowPrivateNetworks) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.allowed = allowed;
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /**
     * The address to connect to for {@code uri}, or a 502 naming {@code bot}. Resolved on a worker thread (the JDK
     * resolver blocks); the outcome is handed back on the calling context.
     */
    Future<InetAddress> resolve(URI uri, String bot) {
        String host = uri.getHost();
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return vertx.<InetAddress[]> executeBlocking(() -> resolver.resolve(literal), false)
                .transform(result -> {
                    if (result.failed()) {
                        return Future.failedFuture(failed(bot, host, result.cause() instanceof UnknownHostException
                                ? "its host name does not resolve" : "its host name could not be resolved"));
                    }
                    InetAddress[] addresses = result.result();
                    if (!allowPrivateNetworks) {
                        for (InetAddress address : addresses) {
                            if (!allowed.test(address)) {
                                LOG.infof("Refused to download bot '%s''s file from %s: it resolves to a non-public address",
                                        bot, host);
                                return Future.failedFuture(failed(bot, host, "it points to a private, local or reserved "
                                        + "network address, which the bridge does not fetch from"));
                            }
                        }
                    }
                    return Future.succeededFuture(addresses[0]);
                });
    }

    /** A GET of {@code uri} sent to {@code address} (checked), with the URI's own host for the Host header and SNI. */
    static RequestOptions get(URI uri, InetAddress address) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setFollowRedirects(false)
                .putHeader("Accept", "image/png,image/jpeg,image/webp,image/gif,image/*;q=0.8");
    }
}
