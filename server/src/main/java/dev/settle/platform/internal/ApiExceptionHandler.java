package dev.settle.platform.internal;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.settle.shared.ApiException;
import dev.settle.shared.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place errors become responses: RFC 9457 problem+json with a stable {@code code},
 * the offending {@code param} where there is one, and the {@code request_id}.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    /** Anything shaped like a card number is never echoed back (parser messages quote the input). */
    private static final java.util.regex.Pattern CARD_NUMBER = java.util.regex.Pattern.compile("\\d(?:[ -]?\\d){11,18}");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.title(), e.code(), e.getMessage(), e.param(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof ApiException api) {
                return api(api, request);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                String param = JsonParams.of(unknown.getPath());
                return problem(400, "Invalid request", "parameter_unknown",
                        "Received unknown parameter: " + param + ".", param, request);
            }
            if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
                String param = JsonParams.of(coercion.getPath());
                return problem(400, "Invalid request", "parameter_invalid",
                        "Invalid value for " + param + ": the number is out of range.", param, request);
            }
            if (cause instanceof StreamReadException) {
                return problem(400, "Invalid request", "invalid_json",
                        "The request body is not valid JSON: " + firstLine(cause.getMessage()), null, request);
            }
            if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
                String param = JsonParams.of(json.getPath());
                return problem(400, "Invalid request", "parameter_invalid",
                        "Invalid value for " + param + ": " + JsonParams.expectation(json), param, request);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "A JSON request body is required."
                : "The request body could not be read as JSON.";
        return problem(400, "Invalid request", "invalid_json", detail, null, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(400, "Invalid request", "parameter_invalid", "Invalid value for " + e.getName() + ".", e.getName(), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(400, "Invalid request", "parameter_missing",
                "Missing required parameter: " + e.getParameterName() + ".", e.getParameterName(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(400, "Invalid request", "header_missing",
                "Missing required header: " + e.getHeaderName() + ".", e.getHeaderName(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(415, "Unsupported media type", "unsupported_media_type",
                "Send request bodies as application/json.", null, request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(406, "Not acceptable", "not_acceptable", "Responses are application/json.", null, request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(405, "Method not allowed", "method_not_allowed",
                e.getMethod() + " is not allowed on " + request.getRequestURI() + ".", null, request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return problem(404, "Not found", "route_not_found",
                "Unrecognized request URL (" + request.getMethod() + " " + request.getRequestURI() + ").", null, request);
    }

    /**
     * The database could not serve the request in time (no pooled connection within the pool's
     * timeout, say): the node is overloaded, not broken. A 503 with {@code Retry-After} tells
     * clients to retry, with the same idempotency key, rather than report a bug.
     */
    @ExceptionHandler({TransientDataAccessException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<ProblemDetail> overloaded(DataAccessException e, HttpServletRequest request) {
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), firstLine(e.getMessage()));
        ResponseEntity<ProblemDetail> problem = problem(503, "Service unavailable", "service_unavailable",
                "Settle is too busy to serve this request now. Retry shortly, with the same Idempotency-Key.", null, request);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem.getBody());
    }

    /**
     * A unique constraint refused a write because a concurrent request made the same thing first
     * (one with the same Idempotency-Key, say: its request then answers as that key's first request
     * did). Not a fault of this request's: a conflict, to retry.
     */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        log.info("Concurrent write refused on {} {}: {}", request.getMethod(), request.getRequestURI(), firstLine(e.getMessage()));
        return problem(409, "Conflict", "request_conflict",
                "A concurrent request wrote the same object first. Retry with the same Idempotency-Key.", null, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(500, "Internal server error", "internal_error",
                "An unexpected error occurred. Quote the request id when reporting it.", null, request);
    }

    private static ResponseEntity<ProblemDetail> problem(int status, String title, String code, String detail,
            @Nullable String param, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create("urn:settle:error:" + code));
        problem.setTitle(title);
        problem.setDetail(CARD_NUMBER.matcher(detail).replaceAll("[redacted]"));
        problem.setProperty("code", code);
        if (param != null) {
            problem.setProperty("param", param);
        }
        problem.setProperty("request_id", RequestIds.of(request));
        return ResponseEntity.status(HttpStatus.valueOf(status)).contentType(PROBLEM_JSON).body(problem);
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Turns a Jackson path into a Stripe-style parameter name: {@code metadata[plan]}, {@code items[0][price]}. */
    static final class JsonParams {

        private JsonParams() {
        }

        static String of(List<JacksonException.Reference> path) {
            StringBuilder param = new StringBuilder();
            for (JacksonException.Reference reference : path) {
                String part = reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex());
                param.append(param.isEmpty() ? part : "[" + part + "]");
            }
            return param.toString();
        }

        static String expectation(JacksonException e) {
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                Class<?> type = mismatch.getTargetType();
                if (type == String.class) {
                    return "expected a string.";
                }
                if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
                    return "expected an integer.";
                }
                if (type == Boolean.class || type == boolean.class) {
                    return "expected a boolean (true or false).";
                }
                if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
                    return "expected an object.";
                }
                if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
                    return "expected an array.";
                }
                if (type.isEnum()) {
                    return "expected one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT) + ".";
                }
            }
            return "wrong type or format.";
        }
    }
}
