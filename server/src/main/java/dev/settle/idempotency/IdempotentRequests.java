package dev.settle.idempotency;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.settle.idempotency.internal.Claim;
import dev.settle.idempotency.internal.ClaimWriter;
import dev.settle.platform.PhaseCommitListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * For requests that commit work before they finish (record an attempt, call a processor,
 * apply its answer). The request's {@code Idempotency-Key} is written with the first work it
 * commits, bound to that work's object ({@link #bind}): should the request then die, a retry
 * with the same key does not run again; it answers with the bound object as it now stands
 * (see {@link RecoverableResource}). Every phase a request commits carries its key this way
 * ({@link PhaseCommitListener}), bound or not, so no work commits without it.
 */
@Service
public class IdempotentRequests implements PhaseCommitListener {

    /** The request attribute under which the idempotency filter leaves the request's {@link Claim}. */
    public static final String CLAIM_ATTRIBUTE = IdempotentRequests.class.getName() + ".claim";

    private final ClaimWriter claims;
    private final JsonMapper json;

    IdempotentRequests(ClaimWriter claims, JsonMapper json) {
        this.claims = claims;
        this.json = json;
    }

    /**
     * Ties the current request's key, if it has one, to the object its work is about. Runs in
     * the caller's transaction, so the tie commits with that work or not at all.
     *
     * @param type a {@link RecoverableResource#type()}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void bind(String type, String id) {
        Claim claim = currentClaim();
        if (claim != null) {
            claims.bind(claim, type, id);
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
        Claim claim = currentClaim();
        if (claim != null) {
            claims.completeJson(claim, json.writeValueAsBytes(answer));
        }
    }

    @Override
    public void beforePhaseCommit() {
        Claim claim = currentClaim();
        if (claim != null) {
            claims.withCurrentTransaction(claim);
        }
    }

    /** The key the current request runs under, if it is an HTTP request with one. */
    private static @Nullable Claim currentClaim() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request != null && request.getAttribute(CLAIM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof Claim claim ? claim : null;
    }
}
