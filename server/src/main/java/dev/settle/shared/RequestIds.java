package dev.settle.shared;

import jakarta.servlet.http.HttpServletRequest;

/** Where the current request's id lives: a response header and a request attribute. */
public final class RequestIds {

    public static final String HEADER = "Request-Id";
    public static final String ATTRIBUTE = "settle.requestId";

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? "" : id.toString();
    }
}
