package dev.settle.ledger.internal;

import java.time.Clock;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.ledger.LedgerAccount;
import dev.settle.payments.ChargeCaptured;

/**
 * Posts captures. Listens synchronously, so the posting joins the transaction that records the
 * capture: both commit or neither does (money rule 2). An after-commit listener would not do.
 */
@Component
class ChargePostings {

    private final LedgerRepository ledger;
    private final LedgerProperties properties;
    private final Clock clock;

    ChargePostings(LedgerRepository ledger, LedgerProperties properties, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A capture of A with fee F: debit pending receivable A − F and fees F, credit gross volume A.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ChargeCaptured captured) {
        long amount = captured.amount().minor();
        long fee = captured.fee().minor();
        ledger.postWithCommit(new Posting(captured.tenant(), captured.amount().currency(), "charge", captured.charge().value(),
                amount, fee, captured.at().plus(properties.availabilityDelay()), "Payment " + captured.paymentIntent(),
                List.of(Posting.Entry.debit(LedgerAccount.RECEIVABLE_PENDING, Math.subtractExact(amount, fee)),
                        Posting.Entry.debit(LedgerAccount.PROCESSOR_FEES, fee),
                        Posting.Entry.credit(LedgerAccount.GROSS_VOLUME, amount))),
                clock.instant());
    }
}
