package dev.settle.idempotency.internal;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a request's claim with the work the request commits, in that work's transaction: the
 * first transaction inserts the row (in flight and bound to its object, or completed with the
 * answer), later ones update it. Every write is deferred to the COMMIT, so claiming a key costs
 * no round trip and no commit of its own; if the key was taken meanwhile, the insert fails the
 * commit and the whole transaction rolls back with it.
 */
@Component
public class ClaimWriter {

    private final IdempotencyStore store;
    private final Clock clock;

    ClaimWriter(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The claim's row is written by the current transaction unless it is already written. */
    public void withCurrentTransaction(Claim claim) {
        if (claim.state() == Claim.State.NEW) {
            insertAtCommit(claim);
        }
    }

    /** Ties the claim to the object the current transaction's work is about. */
    public void bind(Claim claim, String type, String id) {
        claim.bindTo(type, id);
        if (claim.state() == Claim.State.NEW) {
            insertAtCommit(claim);
        } else {
            store.bind(claim, type, id);
        }
    }

    /** Stores {@code json} as the request's answer, a {@code 200}, in the current transaction. */
    public void completeJson(Claim claim, byte[] json) {
        complete(claim, IdempotencyStore.StoredResponse.ok(json));
    }

    /** Stores the request's answer in the current transaction. */
    void complete(Claim claim, IdempotencyStore.StoredResponse answer) {
        if (claim.state() == Claim.State.NEW) {
            claim.pendingAnswer(answer);
            insertAtCommit(claim);
            return;
        }
        store.complete(claim, answer, clock.instant());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    claim.state(Claim.State.COMPLETED);
                }
            }
        });
    }

    /**
     * Inserts the claim's row when the current transaction commits, as the claim stands then
     * (bound, or completed when an answer was given meanwhile). Once per transaction.
     */
    private void insertAtCommit(Claim claim) {
        if (claim.writing()) {
            return;
        }
        claim.writing(true);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                IdempotencyStore.StoredResponse answer = claim.pendingAnswer();
                if (answer != null) {
                    store.insertCompleted(claim, answer, clock.instant());
                } else {
                    store.insertClaim(claim);
                }
            }

            @Override
            public void afterCompletion(int status) {
                boolean answered = claim.pendingAnswer() != null;
                claim.writing(false);
                claim.pendingAnswer(null);
                if (status == STATUS_COMMITTED) {
                    claim.state(answered ? Claim.State.COMPLETED : Claim.State.RECORDED);
                }
            }
        });
    }
}
