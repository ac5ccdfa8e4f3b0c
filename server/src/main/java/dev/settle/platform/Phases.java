package dev.settle.platform;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one phase of a payment in a transaction of its own that commits when the phase ends,
 * whatever encloses it (an idempotent request's transaction, say). "Record the attempt" must
 * be committed before the processor is called (money rule 5), not when the request finishes.
 * Before a phase commits, each {@link PhaseCommitListener} may add its writes to it.
 */
@Component
public class Phases {

    private final TransactionTemplate newTransaction;
    private final List<PhaseCommitListener> listeners;

    Phases(PlatformTransactionManager transactions, List<PhaseCommitListener> listeners) {
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.listeners = List.copyOf(listeners);
    }

    public <T> T committed(Supplier<T> phase) {
        return newTransaction.execute(status -> {
            T result = phase.get();
            listeners.forEach(PhaseCommitListener::beforePhaseCommit);
            return result;
        });
    }
}
