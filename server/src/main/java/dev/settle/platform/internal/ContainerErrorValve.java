package dev.settle.platform.internal;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import dev.settle.shared.ApiException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.RequestIds;

/**
 * Renders what the servlet container refuses by itself, before any of Settle's filters run, as
 * problem+json instead of Tomcat's HTML page: a path with an encoded {@code /} or {@code \}
 * ({@code ..%2F}), a NUL ({@code %00}), a path that climbs above the root, a malformed request
 * line or header. It answers only for responses nothing else has written; everything Settle
 * itself answers goes through {@code ApiExceptionHandler}. Never echoes the request.
 */
final class ContainerErrorValve extends ErrorReportValve {

    private static final String MALFORMED = "The request could not be parsed: a path may not hold an encoded '/', '\\\\' or NUL,"
            + " nor climb above the root, and the request line and headers must be well formed.";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ApiException problem = status == 400 ? new InvalidRequestException("malformed_request", MALFORMED, null) : null;
        String code = problem != null ? problem.code() : status == 404 ? "route_not_found" : "internal_error";
        String title = problem != null ? problem.title() : "Error";
        String detail = problem != null ? problem.getMessage()
                : status == 404 ? "Unrecognized request URL." : "An unexpected error occurred. Quote the request id when reporting it.";
        String requestId = Ids.newId("req");
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            response.setHeader(RequestIds.HEADER, requestId);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:settle:error:" + code + "\",\"title\":\"" + title
                        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code
                        + "\",\"request_id\":\"" + requestId + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
