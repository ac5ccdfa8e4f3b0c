package dev.settle.platform;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one phase of a payment in a transaction of its own that commits when the phase ends,
 * whatever encloses it (an idempotent request's transaction, say). "Record the attempt" must
 * be committed before the processor is called (money rule 5), not when the request finishes.
 */
@Component
public class Phases {

    private final TransactionTemplate newTransaction;

    Phases(PlatformTransactionManager transactions) {
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public <T> T committed(Supplier<T> phase) {
        return newTransaction.execute(status -> phase.get());
    }
}
