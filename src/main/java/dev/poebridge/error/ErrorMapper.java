package dev.poebridge.error;

import java.io.IOException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.poebridge.openai.ErrorResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

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
        Failure malformed = malformedRequest(t);
        if (malformed != null) {
            return malformed;
        }
        LOG.error("Unexpected failure while serving a request", t);
        return new Failure(500, ErrorResponse.of("The bridge failed unexpectedly: " + t.getClass().getSimpleName(),
                "server_error", null, null), null);
    }

    /** Where Quarkus REST parses multipart bodies; what it throws from there is about the body, not the bridge. */
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";
    private static final String MEDIA_TYPE_PARSER = "org.jboss.resteasy.reactive.common.headers.MediaTypeHeaderDelegate";

    /**
     * Requests that Quarkus REST cannot parse, reported by exceptions of general types (an {@code IOException}, a
     * {@code RuntimeException}, an {@code IllegalArgumentException}): told apart by the parser that threw them, so
     * that the caller's mistake is a 400 or 415 and never a logged 500. Null for anything else.
     */
    static Failure malformedRequest(Throwable t) {
        if (t instanceof MultipartParser.MalformedMessageException) {
            return badMultipart("invalid_multipart", "The multipart body is malformed: a part's headers cannot be read.");
        }
        if (thrownBy(t, MULTIPART_PARSER)) {
            if (t instanceof IOException) {
                // the parser reached the end of the body without the closing boundary
                return badMultipart("invalid_multipart", "The multipart body ended before its closing boundary: it is "
                        + "truncated, or its parts are separated by another boundary than the Content-Type announces.");
            }
            if (t.getMessage() != null && t.getMessage().startsWith("Param limit of ")) {
                return badMultipart("too_many_parts", "The multipart body has too many parts (" + t.getMessage()
                        + "; quarkus.http.limits.max-parameters).");
            }
        }
        if (t instanceof IllegalArgumentException && thrownBy(t, MEDIA_TYPE_PARSER)) {
            boolean contentType = false;
            for (StackTraceElement frame : t.getStackTrace()) {
                contentType |= frame.getMethodName().startsWith("contentType");
            }
            return contentType
                    ? new Failure(415, ErrorResponse.of("Unsupported Content-Type: it must be one media type, such as "
                            + "application/json or multipart/form-data.", "invalid_request_error", null,
                            "unsupported_media_type"), null)
                    : new Failure(400, ErrorResponse.of("A media type in the request headers cannot be parsed: "
                            + t.getMessage(), "invalid_request_error", null, "invalid_header"), null);
        }
        return null;
    }

    private static Failure badMultipart(String code, String message) {
        return new Failure(400, ErrorResponse.of(message, "invalid_request_error", null, code), null);
    }

    private static boolean thrownBy(Throwable t, String classPrefix) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(classPrefix);
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return describe(e).toResponse();
    }

    /**
     * Reading a request body whose connection the client closed: the reader can see the closed channel before Vert.x
     * has marked the response closed, so this is checked on the failure itself too.
     */
    private static boolean readingABodyItsClientDropped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) { // the multipart reader adds its read failures this way
                if (suppressed != t && readingABodyItsClientDropped(suppressed)) {
                    return true;
                }
            }
        }
        return false;
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
    public Response unexpected(Throwable e, HttpServerRequest request) {
        HttpServerResponse response = request == null ? null : request.response();
        if (response != null && (response.ended() || response.closed() || readingABodyItsClientDropped(e))) {
            // Nothing can reach the caller any more: it went away (an aborted upload), or the HTTP layer answered
            // already (a body over the size limit). Neither is the bridge's failure, so no stack trace.
            if (response.ended()) {
                LOG.debugf("Request to %s failed after the HTTP layer answered it: %s", request.path(), e.toString());
            } else {
                LOG.infof("The client closed the connection before its request to %s was answered (%s)", request.path(),
                        e.toString());
            }
            return respond(499, ErrorResponse.of("The client closed the connection.", "invalid_request_error", null,
                    "client_closed_request"));
        }
        return describe(e).toResponse();
    }

    private static Response respond(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
