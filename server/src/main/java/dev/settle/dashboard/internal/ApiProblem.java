package dev.settle.dashboard.internal;

import org.jspecify.annotations.Nullable;

/** The API refused a request the dashboard made for the user: its status and problem+json fields, shown on the page. */
class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final @Nullable String param;

    ApiProblem(int status, String code, @Nullable String param, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    @Nullable String param() {
        return param;
    }
}
