package dev.settle.ledger.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.ledger.LedgerAccount;
import dev.settle.refunds.RefundCreated;
import dev.settle.refunds.RefundEnded;
import dev.settle.refunds.RefundSucceeded;

/**
 * Posts refunds, synchronously in the transaction that changes the refund (money rule 2):
 * <ul>
 * <li>created, A held: debit refunds A, credit refunds_pending A;</li>
 * <li>succeeded, the money left: debit refunds_pending A, credit available receivable A (and, where
 *     the processor returns fees, debit available receivable F', credit processor fees F');</li>
 * <li>failed or canceled: debit refunds_pending A, credit refunds A — the hold reversed.</li>
 * </ul>
 */
@Component
class RefundPostings {

    private final LedgerRepository ledger;
    private final Clock clock;

    RefundPostings(LedgerRepository ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(RefundCreated created) {
        long amount = created.amount().minor();
        ledger.post(new Posting(created.tenant(), created.amount().currency(), "refund", created.refund(),
                Math.negateExact(amount), 0, null, "Refund of " + created.charge(),
                List.of(Posting.Entry.debit(LedgerAccount.REFUNDS, amount),
                        Posting.Entry.credit(LedgerAccount.REFUNDS_PENDING, amount))),
                clock.instant());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(RefundSucceeded succeeded) {
        long amount = succeeded.amount().minor();
        long fee = succeeded.feeReturned().minor();
        List<Posting.Entry> entries = new ArrayList<>(List.of(
                Posting.Entry.debit(LedgerAccount.REFUNDS_PENDING, amount),
                Posting.Entry.credit(LedgerAccount.RECEIVABLE_AVAILABLE, amount)));
        if (fee > 0) {
            entries.add(Posting.Entry.debit(LedgerAccount.RECEIVABLE_AVAILABLE, fee));
            entries.add(Posting.Entry.credit(LedgerAccount.PROCESSOR_FEES, fee));
        }
        ledger.post(new Posting(succeeded.tenant(), succeeded.amount().currency(), "refund_settlement", succeeded.refund(),
                0, Math.negateExact(fee), null, "Refund settled", entries), clock.instant());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(RefundEnded ended) {
        long amount = ended.amount().minor();
        ledger.post(new Posting(ended.tenant(), ended.amount().currency(), "refund_failure", ended.refund(), amount, 0, null,
                "Refund " + ended.outcome(),
                List.of(Posting.Entry.debit(LedgerAccount.REFUNDS_PENDING, amount),
                        Posting.Entry.credit(LedgerAccount.REFUNDS, amount))),
                clock.instant());
    }
}
