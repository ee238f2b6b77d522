package dev.poebridge.poe;

import java.util.Map;

import dev.poebridge.error.PoeException.Kind;

/**
 * The one reading of a failed Poe reply, for every upstream call: its HTTP status first, then what its body names
 * ({@link ErrorBody#named()}), then the body's wording. A status that means something else to one call than to a
 * bot query is that call's {@link Call#meaningOf own meaning}, stated once on top of the shared ladder.
 */
final class StatusClassifier {

    private StatusClassifier() {
    }

    /** What a failure is, and whether the same call may succeed when tried again. */
    record Verdict(Kind kind, boolean retryable) {
    }

    /** Poe's calls, and where each differs from the bot query's reading of a status. */
    enum Call {
        /** {@code POST <base>/bot/<bot>}: Poe's failures may come in any form, so the body is read too. */
        BOT_QUERY(true, Map.of(), "HTTP "),
        /**
         * The file upload. Its status alone decides: the body is a file service's, not a bot's. There is no bot to
         * be missing (a 404 is the upload's own failure), no bot to time out (a 408 is a failed upload too), and a 413 or
         * 415 is about the file.
         */
        FILE_UPLOAD(false, Map.of(404, Kind.UPSTREAM, 408, Kind.UPSTREAM, 413, Kind.PAYLOAD_TOO_LARGE,
                415, Kind.USER_ERROR), "upload, HTTP "),
        /** The public model list: no bot to be missing either; its failures are logged, never shown. */
        MODEL_LIST(false, Map.of(404, Kind.UPSTREAM), "model list, HTTP "),
        /**
         * The balance call that tells whether a key is Poe's. Only a refused key (401, 403) and a rate limit (429)
         * mean something to the caller; any other status is Poe failing to say, never the caller's input or account.
         */
        KEY_CHECK(false, Map.of(400, Kind.UPSTREAM, 402, Kind.UPSTREAM, 404, Kind.UPSTREAM, 408, Kind.UPSTREAM,
                413, Kind.UPSTREAM, 422, Kind.UPSTREAM), "key check, HTTP ");

        private final boolean readsBody;
        private final Map<Integer, Kind> ownMeanings;
        private final String statusNote;

        Call(boolean readsBody, Map<Integer, Kind> ownMeanings, String statusNote) {
            this.readsBody = readsBody;
            this.ownMeanings = ownMeanings;
            this.statusNote = statusNote;
        }

        /** The kind this status always means for this call, or null when the shared ladder decides. */
        Kind meaningOf(int status) {
            return ownMeanings.get(status);
        }

        /** How a message names the status, e.g. {@code (upload, HTTP 413)}. */
        String statusNote(int status) {
            return statusNote + status;
        }

        /** What a failure of this call is said to be a failure of, when no bot is queried. */
        String subject() {
            return switch (this) {
                case BOT_QUERY -> "bot query";
                case FILE_UPLOAD -> "file upload";
                case MODEL_LIST -> "model list";
                case KEY_CHECK -> "key check";
            };
        }

        /** The OpenAI code of a failure of this call. */
        String code(Kind kind) {
            return this == FILE_UPLOAD && kind == Kind.USER_ERROR ? "invalid_file" : kind.code;
        }

        /** The start of the message a caller reads; {@code subject} is the queried bot's name, or the call's. */
        String head(Kind kind, String subject) {
            return switch (this) {
                case BOT_QUERY -> botHead(kind, subject);
                case FILE_UPLOAD -> uploadHead(kind);
                case MODEL_LIST -> "Poe's model list failed";
                case KEY_CHECK -> switch (kind) {
                    case AUTHENTICATION -> "Poe rejected the API key";
                    case RATE_LIMITED -> "Poe rate-limited this key";
                    default -> "Could not verify the API key with Poe";
                };
            };
        }
    }

    /** A reply with this status and body, to this call. */
    static Verdict classify(Call call, int status, ErrorBody body) {
        Kind own = call.meaningOf(status);
        if (own != null) {
            return new Verdict(own, false);
        }
        Kind named = call.readsBody ? body.named() : null;
        Kind worded = call.readsBody ? body.worded() : null;
        if (status == 401 || status == 403) {
            return new Verdict(Kind.AUTHENTICATION, false);
        } else if (status == 402) {
            return new Verdict(Kind.INSUFFICIENT_POINTS, false);
        } else if (status == 404) {
            return new Verdict(Kind.MODEL_NOT_FOUND, false);
        } else if (status == 429) {
            boolean outOfPoints = named == Kind.INSUFFICIENT_POINTS || worded == Kind.INSUFFICIENT_POINTS;
            return new Verdict(outOfPoints ? Kind.INSUFFICIENT_POINTS : Kind.RATE_LIMITED, false);
        } else if (status == 408) {
            return new Verdict(Kind.TIMEOUT, false);
        } else if (status == 400 || status == 413 || status == 422) {
            return new Verdict(firstOf(named, worded, Kind.USER_ERROR), false);
        } else if (status >= 500) {
            return new Verdict(Kind.UPSTREAM, true);
        } else if (status >= 200 && status < 300) {
            return new Verdict(firstOf(named, worded, Kind.UPSTREAM), false);
        }
        return new Verdict(Kind.UPSTREAM, false);
    }

    /**
     * An SSE {@code error} event has no status: its {@code error_type} decides, then its wording. Its types are
     * fastapi_poe's, which name fewer failures than an HTTP body's codes; null when neither decides.
     */
    static Kind classifyEvent(String errorType, String text) {
        Kind kind = errorType == null ? null : switch (errorType) {
            case "insufficient_fund" -> Kind.INSUFFICIENT_POINTS;
            case "user_message_too_long", "user_caused_error" -> Kind.USER_ERROR;
            case "privacy_authorization_error" -> Kind.PERMISSION;
            default -> null;
        };
        return kind != null ? kind : ErrorBody.wording(text);
    }

    private static String botHead(Kind kind, String botName) {
        return switch (kind) {
            case AUTHENTICATION -> "Poe rejected the API key";
            case PERMISSION -> "Poe refused this request for bot '" + botName + "'";
            case MODEL_NOT_FOUND -> "The model '" + botName + "' does not exist on Poe";
            case INSUFFICIENT_POINTS -> "The Poe account behind this key is out of points";
            case RATE_LIMITED -> "Poe rate-limited this key";
            case USER_ERROR -> "Poe bot '" + botName + "' refused the input";
            case TIMEOUT -> "Poe bot '" + botName + "' timed out";
            default -> "Poe bot '" + botName + "' failed";
        };
    }

    private static String uploadHead(Kind kind) {
        return switch (kind) {
            case AUTHENTICATION -> "Poe rejected the API key";
            case INSUFFICIENT_POINTS -> "The Poe account behind this key is out of points";
            case PAYLOAD_TOO_LARGE -> "Poe refused the file as too large";
            case RATE_LIMITED -> "Poe rate-limited this key";
            case USER_ERROR -> "Poe refused the file";
            default -> "Poe's file upload failed";
        };
    }

    private static Kind firstOf(Kind a, Kind b, Kind fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
