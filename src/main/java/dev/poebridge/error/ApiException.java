package dev.poebridge.error;

/**
 * A failure the bridge itself decides (bad input, missing key, a disabled endpoint, a failed image download),
 * carrying everything {@link ErrorMapper} needs for the OpenAI error body.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String type, String param, String code, String message) {
        this(status, type, param, code, message, null);
    }

    /** With {@code Retry-After} (seconds), for refusals that are only about load. */
    public ApiException(int status, String type, String param, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 for a request field that is missing or wrong; {@code param} names the field. */
    public static ApiException invalidRequest(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, invalidValueCode(param), message);
    }

    private static String invalidValueCode(String param) {
        return param == null ? null : "invalid_value";
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, "invalid_request_error", null, code, message);
    }

    public static ApiException notImplemented(String code, String message) {
        return new ApiException(501, "invalid_request_error", null, code, message);
    }

    public static ApiException badGateway(String code, String message) {
        return new ApiException(502, "api_error", null, code, message);
    }

    /**
     * 404 for something the caller named that does not exist for them: missing, deleted, or another caller's (which is
     * never told apart, so that nobody learns what others have).
     */
    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "invalid_request_error", null, "not_found",
                what + " with id '" + id + "' not found.");
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "model", "model_not_found",
                "The model '" + model + "' does not exist.");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
