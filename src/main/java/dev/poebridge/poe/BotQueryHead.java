package dev.poebridge.poe;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The request head of a bot query, {@code POST <base>/bot/<bot>}. What is the same for every query is worked out once:
 * the base URL is parsed when the client is made, not per query, and the constant header names and values are
 * prepared byte strings, which Vert.x copies to the wire as they are.
 */
final class BotQueryHead {

    // Spelled as the bridge always sent them: Vert.x's own HttpHeaders constants are lower case, which would change
    // the bytes Poe sees.
    private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence ACCEPT = HttpHeaders.createOptimized("Accept");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final String botBaseUrl;
    /** {@link #botBaseUrl} parsed; the host is null when it does not parse. */
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String pathPrefix;

    BotQueryHead(String baseUrl) {
        this.botBaseUrl = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/bot/";
        RequestOptions parsed;
        try {
            // Vert.x's own parsing, so host, port, TLS and path come out exactly as they did when each query's URL
            // was parsed.
            parsed = new RequestOptions().setAbsoluteURI(botBaseUrl);
        } catch (RuntimeException malformed) {
            parsed = null;
        }
        this.host = parsed == null ? null : parsed.getHost();
        this.port = parsed == null ? 0 : parsed.getPort();
        this.ssl = parsed != null && parsed.isSsl();
        this.pathPrefix = parsed == null ? null : parsed.getURI();
    }

    /**
     * The head of a query to {@code bot}; the key travels only here, in the header. A bot name holds no {@code /},
     * {@code ?} or {@code #} ({@link BotName}), so appending it changes the URL's path and nothing else.
     */
    RequestOptions request(BotName bot, String apiKey) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST);
        if (host == null) {
            // A base URL that does not parse (ConfigReadiness reports it): each query fails as it always did.
            options.setAbsoluteURI(botBaseUrl + bot.value());
        } else {
            options.setHost(host).setPort(port).setSsl(ssl).setURI(pathPrefix + bot.value());
        }
        return options.putHeader(AUTHORIZATION, "Bearer " + apiKey)
                .putHeader(CONTENT_TYPE, JSON)
                .putHeader(ACCEPT, EVENT_STREAM)
                .putHeader(CACHE_CONTROL, NO_STORE);
    }
}
