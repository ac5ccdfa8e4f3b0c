package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/**
 * The root of every error the API reports. Each carries the HTTP status, a stable
 * machine-readable {@code code}, and where one parameter is to blame, its name.
 * Mapped once to problem+json; no controller catches and re-wraps.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final @Nullable String param;

    protected ApiException(int status, String code, String message, @Nullable String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public @Nullable String param() {
        return param;
    }

    /** A short human title for the status, used as the problem's {@code title}. */
    public abstract String title();
}
