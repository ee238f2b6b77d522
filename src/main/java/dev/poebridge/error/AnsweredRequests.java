package dev.poebridge.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.ext.web.Router;

/**
 * A failure raised after a request was answered, or after its client went away, cannot reach anyone: Quarkus' own
 * error handler would still log it as an ERROR with a stack trace (typically "Response has already been written",
 * when an error body is written to a response the HTTP layer already ended). Such failures stop here, as one debug
 * line; {@link ErrorMapper} has already said what happened.
 */
@ApplicationScoped
public class AnsweredRequests {

    private static final Logger LOG = Logger.getLogger(AnsweredRequests.class);

    void install(@Observes Router router) {
        router.route().order(-150).failureHandler(ctx -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                LOG.debugf("Request to %s failed after it was answered or abandoned: %s", ctx.request().path(),
                        String.valueOf(ctx.failure()));
                return;
            }
            ctx.next();
        });
    }
}
