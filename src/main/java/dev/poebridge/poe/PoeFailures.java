package dev.poebridge.poe;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import dev.poebridge.error.PoeException.Kind;
import dev.poebridge.poe.StatusClassifier.Call;
import dev.poebridge.poe.StatusClassifier.Verdict;

/**
 * Every {@link PoeException} the adapter makes, worded in one place: a reply Poe refused (classified by
 * {@link StatusClassifier}), an error event, and the failures of the transport (unreachable, silent, too slow,
 * cut short, not speaking the protocol).
 */
final class PoeFailures {

    private static final int MAX_DETAIL = 500;
    private static final String UPLOAD = Call.FILE_UPLOAD.subject();

    private PoeFailures() {
    }

    /**
     * A bot query answered with something other than a 2xx event stream. {@code body} must already be scrubbed of
     * keys: it is quoted, and clipping could cut a key in two.
     */
    static PoeException rejected(BotName bot, int status, String contentType, String body, Duration retryAfter,
            ObjectMapper mapper) {
        return classified(Call.BOT_QUERY, bot.value(), status, contentType, ErrorBody.parse(body, mapper), retryAfter);
    }

    /**
     * A file upload, model list or key check that Poe refused. Its body is scrubbed of {@code keys} first: Poe may quote the key
     * the call was authorised with.
     */
    static PoeException rejected(Call call, Throwable rejected, KeyScrubber keys, ObjectMapper mapper) {
        PoeRejection rejection = (PoeRejection) rejected;
        return classified(call, call.subject(), rejection.status(), null,
                ErrorBody.parse(keys.scrub(rejection.body()), mapper), rejection.retryAfter());
    }

    private static PoeException classified(Call call, String subject, int status, String contentType, ErrorBody body,
            Duration retryAfter) {
        Verdict verdict = StatusClassifier.classify(call, status, body);
        Kind kind = verdict.kind();
        String detail = body.detail();
        if (status >= 200 && status < 300 && kind == Kind.UPSTREAM) {
            detail = "answered with '" + contentType + "' instead of an event stream"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail);
        }
        return new PoeException(kind, subject, verdict.retryable(), call.code(kind),
                kind == Kind.RATE_LIMITED ? retryAfter : null,
                message(call.head(kind, subject), call.statusNote(status), detail), null);
    }

    /** An SSE {@code error} event: {@code {"allow_retry", "text", "error_type", "raw_response"}}, all optional. */
    static PoeException fromErrorEvent(BotName bot, JsonNode data, String raw) {
        String text = ErrorBody.textOf(data, "text");
        String errorType = ErrorBody.textOf(data, "error_type");
        JsonNode allow = data.get("allow_retry");
        boolean allowRetry = allow == null || allow.isNull() || allow.asBoolean(true);
        String detail = text != null ? text : raw;
        Kind kind = StatusClassifier.classifyEvent(errorType, detail);
        if (kind == null) {
            return new PoeException(Kind.UPSTREAM, bot.value(), allowRetry, Kind.UPSTREAM.code, null,
                    "Poe bot '" + bot + "' failed: " + clip(detail), null);
        }
        String code = kind == Kind.USER_ERROR && errorType != null ? errorType : kind.code;
        return new PoeException(kind, bot.value(), false, code, null,
                message(Call.BOT_QUERY.head(kind, bot.value()), null, detail), null);
    }

    static PoeException protocol(BotName bot, boolean retryable, String what) {
        return new PoeException(Kind.UPSTREAM, bot.value(), retryable, "upstream_protocol_error", null,
                "Poe bot '" + bot + "' " + what, null);
    }

    static PoeException truncated(BotName bot) {
        return new PoeException(Kind.UNREACHABLE, bot.value(), true, "upstream_truncated", null,
                "Poe bot '" + bot + "' ended its reply without finishing it (no 'done' event)", null);
    }

    static PoeException unreachable(BotName bot, Throwable cause) {
        return new PoeException(Kind.UNREACHABLE, bot.value(), true, Kind.UNREACHABLE.code, null,
                "Could not reach Poe for bot '" + bot + "': " + clip(why(cause)), cause);
    }

    static PoeException idle(BotName bot, Duration silence) {
        return new PoeException(Kind.TIMEOUT, bot.value(), false, Kind.TIMEOUT.code, null,
                "Poe bot '" + bot + "' sent nothing for " + seconds(silence), null);
    }

    static PoeException deadline(BotName bot, Duration total) {
        return new PoeException(Kind.TIMEOUT, bot.value(), false, Kind.TIMEOUT.code, null,
                "Poe bot '" + bot + "' did not finish within " + seconds(total), null);
    }

    static PoeException overloaded(BotName bot, int maxCalls) {
        return new PoeException(Kind.OVERLOADED, bot.value(), false, Kind.OVERLOADED.code, Duration.ofSeconds(1),
                "The bridge is making its maximum of " + maxCalls + " Poe calls at once; retry shortly.", null);
    }

    static PoeException uploadUnreachable(Throwable cause) {
        return new PoeException(Kind.UNREACHABLE, UPLOAD, true, Kind.UNREACHABLE.code, null,
                "Could not reach Poe's file upload: " + clip(why(cause)), cause);
    }

    static PoeException uploadMalformed(String what) {
        return new PoeException(Kind.UPSTREAM, UPLOAD, false, "upstream_protocol_error", null,
                "Poe's file upload answered " + what, null);
    }

    static PoeException uploadTimeout(Duration limit) {
        return new PoeException(Kind.TIMEOUT, UPLOAD, false, Kind.TIMEOUT.code, null,
                "Poe's file upload did not answer within " + limit.toSeconds() + " s", null);
    }

    static PoeException keyCheckUnreachable(Throwable cause) {
        return new PoeException(Kind.UNREACHABLE, Call.KEY_CHECK.subject(), true, Kind.UNREACHABLE.code, null,
                "Could not verify the API key: Poe could not be reached: " + clip(why(cause)), cause);
    }

    static PoeException keyCheckMalformed() {
        return new PoeException(Kind.UPSTREAM, Call.KEY_CHECK.subject(), false, "upstream_protocol_error", null,
                "Could not verify the API key: Poe's balance call answered without a 'current_point_balance'", null);
    }

    /** A failure that is not Poe's own, named after {@code what} failed (a key already removed from its text). */
    static PoeException other(String what, String scrubbedMessage) {
        return new PoeException(Kind.UPSTREAM, what, false, Kind.UPSTREAM.code, null,
                "Poe's " + what + " failed: " + clip(scrubbedMessage), null);
    }

    private static String message(String head, String statusNote, String detail) {
        StringBuilder message = new StringBuilder(head);
        if (statusNote != null) {
            message.append(" (").append(statusNote).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(clip(detail));
        }
        return message.toString();
    }

    private static String why(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String clip(String text) {
        String oneLine = text.strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
