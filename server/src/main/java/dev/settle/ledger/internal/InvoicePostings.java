package dev.settle.ledger.internal;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.billing.InvoicePosted;
import dev.settle.ledger.LedgerAccount;

/**
 * Posts billing's invoice movements, in the transaction of the invoice's state change (a
 * synchronous listener, as for captures): finalizing (receivable, revenue, customer credit),
 * payment (the captured charge's gross volume moved onto the invoice), void, write-off.
 */
@Component
class InvoicePostings {

    private final LedgerRepository ledger;

    InvoicePostings(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(InvoicePosted posted) {
        ledger.postWithCommit(new Posting(posted.tenant(), posted.currency(), posted.type(), posted.invoiceId(), posted.amount(), 0,
                null, posted.description(),
                List.of(new Posting.Entry(LedgerAccount.INVOICES_RECEIVABLE, posted.receivable()),
                        new Posting.Entry(LedgerAccount.BILLED_REVENUE, posted.revenue()),
                        new Posting.Entry(LedgerAccount.CUSTOMER_CREDIT, posted.customerCredit()),
                        new Posting.Entry(LedgerAccount.GROSS_VOLUME, posted.grossVolume()),
                        new Posting.Entry(LedgerAccount.BAD_DEBT, posted.badDebt()))),
                posted.at());
    }
}
