package dev.settle.shared;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The request body exactly as received, read once by the body-limit filter. Idempotency
 * fingerprints it and inbound webhooks verify signatures over it.
 */
public final class RawBody {

    public static final String ATTRIBUTE = "settle.rawBody";

    /**
     * POST paths whose bodies stream to their handler past the body limit (settlement reports,
     * up to 1 GB), never held in memory: no raw body is kept for them, so an Idempotency-Key on
     * them fingerprints the method and path only.
     */
    public static final java.util.Set<String> STREAMED_PATHS = java.util.Set.of("/v1/reconciliation/reports");
    private static final byte[] EMPTY = new byte[0];

    private RawBody() {
    }

    public static byte[] of(HttpServletRequest request) {
        Object body = request.getAttribute(ATTRIBUTE);
        return body instanceof byte[] bytes ? bytes : EMPTY;
    }
}
