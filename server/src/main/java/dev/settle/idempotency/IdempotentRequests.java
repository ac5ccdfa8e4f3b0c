package dev.settle.idempotency;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.settle.idempotency.internal.IdempotencyStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * For requests that commit work before they finish (record an attempt, call a processor,
 * apply its answer): the first committed step calls {@link #bind} in its own transaction.
 * Should the request then die, a retry with the same {@code Idempotency-Key} does not run
 * again; it answers with the bound object as it now stands (see {@link RecoverableResource}).
 */
@Service
public class IdempotentRequests {

    /** The request attribute under which the idempotency filter leaves the current claim. */
    public static final String CLAIM_ATTRIBUTE = IdempotentRequests.class.getName() + ".claim";
    /** Set once {@link #complete} has stored the request's answer, so the filter does not store it again. */
    public static final String COMPLETED_ATTRIBUTE = IdempotentRequests.class.getName() + ".completed";

    private final IdempotencyStore store;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentRequests(IdempotencyStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Ties the current request's key, if it has one, to the object its work is about. Runs in
     * the caller's transaction, so the tie commits with that work or not at all.
     *
     * @param type a {@link RecoverableResource#type()}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void bind(String type, String id) {
        IdempotencyStore.Claim claim = currentClaim();
        if (claim != null) {
            store.bind(claim, type, id);
        }
    }

    /**
     * Stores {@code answer}, as the {@code 200} JSON response it will be, as the current
     * request's answer, in the caller's transaction: for a request whose last step is its own
     * transaction (a payment's applied outcome), so the answer commits with that step rather
     * than in one more transaction after it. The caller must return exactly {@code answer}. A
     * request that then fails anyway still answers its error once; its retries replay this.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(Object answer) {
        IdempotencyStore.Claim claim = currentClaim();
        if (claim != null) {
            store.completeJson(claim, json.writeValueAsBytes(answer), clock.instant());
            RequestContextHolder.currentRequestAttributes().setAttribute(COMPLETED_ATTRIBUTE, Boolean.TRUE,
                    RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The key the current request runs under, if it is an HTTP request with one. */
    private static IdempotencyStore.@Nullable Claim currentClaim() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request != null && request.getAttribute(CLAIM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof IdempotencyStore.Claim claim ? claim : null;
    }
}
