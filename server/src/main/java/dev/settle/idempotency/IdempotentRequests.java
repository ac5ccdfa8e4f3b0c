package dev.settle.idempotency;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.settle.idempotency.internal.IdempotencyStore;

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

    private final IdempotencyStore store;

    IdempotentRequests(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * Ties the current request's key, if it has one, to the object its work is about. Runs in
     * the caller's transaction, so the tie commits with that work or not at all.
     *
     * @param type a {@link RecoverableResource#type()}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void bind(String type, String id) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object claim = request == null ? null : request.getAttribute(CLAIM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (claim instanceof IdempotencyStore.Claim current) {
            store.bind(current, type, id);
        }
    }
}
