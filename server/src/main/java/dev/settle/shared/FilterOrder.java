package dev.settle.shared;

import org.springframework.core.Ordered;

/**
 * The order of the servlet filters every API request passes, in one place so it reads top
 * to bottom: request id, body size limit, NUL characters, authentication, rate limit, idempotency, then the controller.
 */
public final class FilterOrder {

    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 20;
    public static final int NUL_CHARACTERS = Ordered.HIGHEST_PRECEDENCE + 25;
    public static final int AUTHENTICATION = Ordered.HIGHEST_PRECEDENCE + 30;
    public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 35;
    public static final int IDEMPOTENCY = Ordered.HIGHEST_PRECEDENCE + 40;

    private FilterOrder() {
    }
}
