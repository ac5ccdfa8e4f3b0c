package dev.settle.shared;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The request body exactly as received, read once by the body-limit filter. Idempotency
 * fingerprints it and inbound webhooks verify signatures over it.
 */
public final class RawBody {

    public static final String ATTRIBUTE = "settle.rawBody";
    private static final byte[] EMPTY = new byte[0];

    private RawBody() {
    }

    public static byte[] of(HttpServletRequest request) {
        Object body = request.getAttribute(ATTRIBUTE);
        return body instanceof byte[] bytes ? bytes : EMPTY;
    }
}
