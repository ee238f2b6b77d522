package dev.poebridge.poe;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import dev.poebridge.error.PoeException.Kind;

/**
 * Classifies Poe's failures. What the bot query API answers for a bad key, an unknown bot, a rate limit or an empty
 * account is not documented (UNCONFIRMED in the protocol notes), so every plausible form is read: an HTTP status,
 * an OpenAI-style JSON error body ({@code code}/{@code type}), Poe's {@code error_type}, and, last, the wording of the
 * message.
 */
final class PoeErrors {

    private static final int MAX_DETAIL = 500;

    private PoeErrors() {
    }

    /** An SSE {@code error} event: {@code {"allow_retry", "text", "error_type", "raw_response"}}, all optional. */
    static PoeException fromErrorEvent(String bot, JsonNode data, String raw) {
        String text = textOf(data, "text");
        String errorType = textOf(data, "error_type");
        JsonNode allow = data.get("allow_retry");
        boolean allowRetry = allow == null || allow.isNull() || allow.asBoolean(true);
        String detail = text != null ? text : raw;

        Kind kind = errorType == null ? null : switch (errorType) {
            case "insufficient_fund" -> Kind.INSUFFICIENT_POINTS;
            case "user_message_too_long", "user_caused_error" -> Kind.USER_ERROR;
            case "privacy_authorization_error" -> Kind.PERMISSION;
            default -> null;
        };
        if (kind == null) {
            kind = kindFromWording(detail);
        }
        if (kind == null) {
            return new PoeException(Kind.UPSTREAM, bot, allowRetry, Kind.UPSTREAM.code, null,
                    "Poe bot '" + bot + "' failed: " + clip(detail), null);
        }
        String code = kind == Kind.USER_ERROR && errorType != null ? errorType : kind.code;
        return new PoeException(kind, bot, false, code, null, message(kind, bot, null, detail), null);
    }

    /**
     * A reply that is not an event stream, or that came with a non-2xx status: the status decides first, then the
     * body.
     */
    static PoeException fromHttp(String bot, int status, String contentType, String body, Duration retryAfter,
            ObjectMapper mapper) {
        JsonNode json = parseJson(body, mapper);
        String detail = detailOf(json, body);
        Kind named = kindFromCode(json);
        Kind worded = kindFromWording(detail);

        Kind kind;
        boolean retryable = false;
        if (status == 401 || status == 403) {
            kind = Kind.AUTHENTICATION;
        } else if (status == 402) {
            kind = Kind.INSUFFICIENT_POINTS;
        } else if (status == 404) {
            kind = Kind.MODEL_NOT_FOUND;
        } else if (status == 429) {
            kind = named == Kind.INSUFFICIENT_POINTS || worded == Kind.INSUFFICIENT_POINTS ? Kind.INSUFFICIENT_POINTS
                    : Kind.RATE_LIMITED;
        } else if (status == 408) {
            kind = Kind.TIMEOUT;
        } else if (status == 400 || status == 413 || status == 422) {
            kind = firstOf(named, worded, Kind.USER_ERROR);
        } else if (status >= 500) {
            kind = Kind.UPSTREAM;
            retryable = true;
        } else if (status >= 200 && status < 300) {
            kind = firstOf(named, worded, Kind.UPSTREAM);
            if (kind == Kind.UPSTREAM) {
                detail = "answered with '" + contentType + "' instead of an event stream"
                        + (detail == null || detail.isBlank() ? "" : ": " + detail);
            }
        } else {
            kind = Kind.UPSTREAM;
        }
        String statusNote = "HTTP " + status;
        return new PoeException(kind, bot, retryable, kind.code, kind == Kind.RATE_LIMITED ? retryAfter : null,
                message(kind, bot, statusNote, detail), null);
    }

    /** A failed file upload; the status decides, as for bot queries, but there is no bot to name. */
    static PoeException fromUpload(String bot, int status, String body, Duration retryAfter, ObjectMapper mapper) {
        JsonNode json = parseJson(body, mapper);
        String detail = detailOf(json, body);
        Kind kind;
        boolean retryable = false;
        if (status == 401 || status == 403) {
            kind = Kind.AUTHENTICATION;
        } else if (status == 402) {
            kind = Kind.INSUFFICIENT_POINTS;
        } else if (status == 413) {
            kind = Kind.PAYLOAD_TOO_LARGE;
        } else if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 400 || status == 415 || status == 422) {
            kind = Kind.USER_ERROR;
        } else if (status >= 500) {
            kind = Kind.UPSTREAM;
            retryable = true;
        } else {
            kind = Kind.UPSTREAM;
        }
        String head = switch (kind) {
            case AUTHENTICATION -> "Poe rejected the API key";
            case INSUFFICIENT_POINTS -> "The Poe account behind this key is out of points";
            case PAYLOAD_TOO_LARGE -> "Poe refused the file as too large";
            case RATE_LIMITED -> "Poe rate-limited this key";
            case USER_ERROR -> "Poe refused the file";
            default -> "Poe's file upload failed";
        };
        String message = head + " (upload, HTTP " + status + ")"
                + (detail == null || detail.isBlank() ? "" : ": " + clip(detail));
        return new PoeException(kind, bot, retryable, kind == Kind.USER_ERROR ? "invalid_file" : kind.code,
                kind == Kind.RATE_LIMITED ? retryAfter : null, message, null);
    }

    /**
     * The failure with every key removed from its message, for callers and log lines alike. A cause whose message
     * holds a key is dropped (it may be logged with its stack trace); a failure that is not a {@link PoeException}
     * and holds a key becomes one, naming {@code what} failed.
     */
    static Throwable scrubbed(Throwable failure, KeyScrubber keys, String what) {
        Throwable cause = failure.getCause();
        boolean causeLeaks = false;
        Throwable c = cause;
        for (int depth = 0; c != null && depth < 10; depth++, c = c.getCause()) {
            causeLeaks |= keys.leaks(c.getMessage());
        }
        if (failure instanceof PoeException p) {
            String message = keys.scrub(p.getMessage());
            if (message == p.getMessage() && !causeLeaks) {
                return p;
            }
            return new PoeException(p.kind(), p.bot(), p.retryable(), p.code(), p.retryAfter().orElse(null), message,
                    causeLeaks ? null : cause);
        }
        if (keys.leaks(failure.getMessage()) || causeLeaks) {
            return new PoeException(Kind.UPSTREAM, what, false, Kind.UPSTREAM.code, null,
                    "Poe's " + what + " failed: " + clip(keys.scrub(String.valueOf(failure.getMessage()))), null);
        }
        return failure;
    }

    static PoeException uploadUnreachable(String bot, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new PoeException(Kind.UNREACHABLE, bot, true, Kind.UNREACHABLE.code, null,
                "Could not reach Poe's file upload: " + clip(why), cause);
    }

    static PoeException uploadMalformed(String bot, String what) {
        return new PoeException(Kind.UPSTREAM, bot, false, "upstream_protocol_error", null,
                "Poe's file upload answered " + what, null);
    }

    static PoeException protocol(String bot, boolean retryable, String what) {
        return new PoeException(Kind.UPSTREAM, bot, retryable, "upstream_protocol_error", null,
                "Poe bot '" + bot + "' " + what, null);
    }

    static PoeException truncated(String bot) {
        return new PoeException(Kind.UNREACHABLE, bot, true, "upstream_truncated", null,
                "Poe bot '" + bot + "' ended its reply without finishing it (no 'done' event)", null);
    }

    static PoeException unreachable(String bot, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new PoeException(Kind.UNREACHABLE, bot, true, Kind.UNREACHABLE.code, null,
                "Could not reach Poe for bot '" + bot + "': " + clip(why), cause);
    }

    static PoeException idle(String bot, Duration silence) {
        return new PoeException(Kind.TIMEOUT, bot, false, Kind.TIMEOUT.code, null,
                "Poe bot '" + bot + "' sent nothing for " + seconds(silence), null);
    }

    static PoeException deadline(String bot, Duration total) {
        return new PoeException(Kind.TIMEOUT, bot, false, Kind.TIMEOUT.code, null,
                "Poe bot '" + bot + "' did not finish within " + seconds(total), null);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; else Poe's {@code x-ratelimit-reset-requests} seconds. */
    static Duration retryAfter(String retryAfter, String rateLimitReset) {
        Duration parsed = parseSeconds(retryAfter);
        if (parsed == null && retryAfter != null) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                parsed = Duration.between(ZonedDateTime.now(at.getZone()), at);
                if (parsed.isNegative()) {
                    parsed = Duration.ZERO;
                }
            } catch (DateTimeParseException e) {
                parsed = null;
            }
        }
        return parsed != null ? parsed : parseSeconds(rateLimitReset);
    }

    private static Duration parseSeconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.trim().replaceAll("s$", ""));
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String message(Kind kind, String bot, String statusNote, String detail) {
        String head = switch (kind) {
            case AUTHENTICATION -> "Poe rejected the API key";
            case PERMISSION -> "Poe refused this request for bot '" + bot + "'";
            case MODEL_NOT_FOUND -> "The model '" + bot + "' does not exist on Poe";
            case INSUFFICIENT_POINTS -> "The Poe account behind this key is out of points";
            case RATE_LIMITED -> "Poe rate-limited this key";
            case USER_ERROR -> "Poe bot '" + bot + "' refused the input";
            case TIMEOUT -> "Poe bot '" + bot + "' timed out";
            default -> "Poe bot '" + bot + "' failed";
        };
        StringBuilder message = new StringBuilder(head);
        if (statusNote != null) {
            message.append(" (").append(statusNote).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(clip(detail));
        }
        return message.toString();
    }

    /** Codes Poe's OpenAI-compatible API uses, and fastapi_poe's error types, wherever they appear in a JSON body. */
    private static Kind kindFromCode(JsonNode json) {
        if (json == null) {
            return null;
        }
        JsonNode error = json.has("error") && json.get("error").isObject() ? json.get("error") : json;
        for (String field : new String[] { "code", "type", "error_type" }) {
            String value = textOf(error, field);
            if (value == null) {
                continue;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "invalid_api_key", "authentication_error", "unauthorized":
                    return Kind.AUTHENTICATION;
                case "model_not_found", "bot_not_found":
                    return Kind.MODEL_NOT_FOUND;
                case "insufficient_quota", "insufficient_fund", "insufficient_points":
                    return Kind.INSUFFICIENT_POINTS;
                case "rate_limit_exceeded", "rate_limit_error":
                    return Kind.RATE_LIMITED;
                case "user_message_too_long", "user_caused_error":
                    return Kind.USER_ERROR;
                default:
                    break;
            }
        }
        return null;
    }

    /** The last resort: what the message says. Used only when neither status nor code decided. */
    static Kind kindFromWording(String text) {
        if (text == null) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("rate limit") || t.contains("too many requests")) {
            return Kind.RATE_LIMITED;
        }
        if (t.contains("points") && (t.contains("used up") || t.contains("insufficient") || t.contains("not enough")
                || t.contains("out of"))) {
            return Kind.INSUFFICIENT_POINTS;
        }
        if ((t.contains("bot") || t.contains("model"))
                && (t.contains("does not exist") || t.contains("doesn't exist") || t.contains("not found")
                        || t.contains("unknown bot") || t.contains("no bot"))) {
            return Kind.MODEL_NOT_FOUND;
        }
        if ((t.contains("api key") || t.contains("api_key")) && (t.contains("invalid") || t.contains("incorrect"))) {
            return Kind.AUTHENTICATION;
        }
        return null;
    }

    private static JsonNode parseJson(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String trimmed = body.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            return mapper.readTree(trimmed);
        } catch (Exception e) {
            return null;
        }
    }

    private static String detailOf(JsonNode json, String body) {
        if (json != null) {
            JsonNode error = json.get("error");
            if (error != null && error.isObject() && textOf(error, "message") != null) {
                return textOf(error, "message");
            }
            if (error != null && error.isTextual()) {
                return error.textValue();
            }
            for (String field : new String[] { "message", "detail", "text" }) {
                if (textOf(json, field) != null) {
                    return textOf(json, field);
                }
            }
        }
        return body == null ? null : body.strip();
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Kind firstOf(Kind a, Kind b, Kind fallback) {
        return a != null ? a : b != null ? b : fallback;
    }

    private static String clip(String text) {
        String oneLine = text.strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
