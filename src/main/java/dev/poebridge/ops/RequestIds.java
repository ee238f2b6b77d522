package dev.poebridge.ops;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;

/**
 * Every response carries an {@code x-request-id}: the caller's own when it sent a sane one, else a new one. The id is
 * put in the logging context, so every log line about the request names it ({@code %X{requestId}} in the log format,
 * a field of its own in JSON logs). Quarkus keeps that context per request across the reactive pipeline.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(-200).handler(ctx -> {
            String given = ctx.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : newId();
            ctx.put(MDC_KEY, id);
            MDC.put(MDC_KEY, id);
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        });
    }

    static String newId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
