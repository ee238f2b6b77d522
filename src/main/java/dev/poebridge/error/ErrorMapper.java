package dev.poebridge.error;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.poebridge.openai.ErrorResponse;

/**
 * The one place where failures become HTTP responses: every error the bridge sends has OpenAI's shape,
 * {@code {"error":{"message","type","param","code"}}}, and a status that tells the kinds of failure apart.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /**
     * What the caller is told about a failure: status, OpenAI error body, and how long to wait before retrying.
     * Streaming endpoints use it too, for failures that must be answered before, or inside, an event stream.
     */
    public record Failure(int status, ErrorResponse body, Long retryAfterSeconds) {

        public Response toResponse() {
            Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
            if (retryAfterSeconds != null) {
                response.header("Retry-After", retryAfterSeconds);
            }
            return response.build();
        }
    }

    /** The one translation of the bridge's failures; anything unexpected becomes a logged 500. */
    public static Failure describe(Throwable t) {
        if (t instanceof ApiException e) {
            return new Failure(e.status(), ErrorResponse.of(e.getMessage(), e.type(), e.param(), e.code()),
                    e.retryAfterSeconds());
        }
        if (t instanceof PoeException e) {
            PoeException.Kind kind = e.kind();
            if (kind.status >= 500) {
                LOG.warnf("Poe call to bot '%s' failed (%s): %s", e.bot(), kind, e.getMessage());
            }
            Long retryAfter = e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(null);
            return new Failure(kind.status, ErrorResponse.of(e.getMessage(), kind.type,
                    kind == PoeException.Kind.MODEL_NOT_FOUND ? "model" : null, e.code()), retryAfter);
        }
        LOG.error("Unexpected failure while serving a request", t);
        return new Failure(500, ErrorResponse.of("The bridge failed unexpectedly: " + t.getClass().getSimpleName(),
                "server_error", null, null), null);
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return describe(e).toResponse();
    }

    @ServerExceptionMapper
    public Response poeException(PoeException e) {
        return describe(e).toResponse();
    }

    /**
     * A field of the wrong type. Declared for this exact type because Quarkus ships its own mapper for it, which
     * would otherwise answer in a shape OpenAI clients cannot read.
     */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonException(e);
    }

    /** Malformed JSON, or a field of the wrong type: 400 naming the field when Jackson knows it. */
    @ServerExceptionMapper(priority = 1)
    public Response jsonException(JsonProcessingException e) {
        String param = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            param = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(null);
        }
        String message = param == null
                ? "The request body is not valid JSON: " + e.getOriginalMessage()
                : "Invalid value for '" + param + "': " + e.getOriginalMessage();
        return respond(400, ErrorResponse.of(message, "invalid_request_error", param, param == null ? "invalid_json" : "invalid_type"));
    }

    /** Failures raised by the HTTP layer itself: unknown URL, wrong method, wrong content type, unreadable body. */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonException(json);
        }
        String message;
        String code;
        if (e instanceof NotFoundException) {
            message = "Unknown request URL: " + uri.getPath() + ". See the README for the endpoints this bridge serves.";
            code = "unknown_url";
        } else if (e instanceof NotAllowedException) {
            message = "Method not allowed on " + uri.getPath() + ".";
            code = "method_not_allowed";
        } else if (e instanceof NotSupportedException) {
            message = "Unsupported Content-Type for " + uri.getPath() + "; send application/json.";
            code = "unsupported_media_type";
        } else {
            message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
            code = null;
        }
        String type = status >= 500 ? "api_error" : "invalid_request_error";
        return respond(status, ErrorResponse.of(message, type, null, code));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        return describe(e).toResponse();
    }

    private static Response respond(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
