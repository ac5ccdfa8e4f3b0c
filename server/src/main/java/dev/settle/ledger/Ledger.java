package dev.settle.ledger;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.ledger.internal.LedgerPostings;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/**
 * What other modules may post to the ledger besides what it hears in events: payouts and
 * adjustments. Each joins the caller's transaction (money rule 2) and posts once per cause: a
 * second call for the same payout or adjustment source returns the first transaction's id.
 */
@Service
public class Ledger {

    private final LedgerPostings postings;
    private final Clock clock;

    Ledger(LedgerPostings postings, Clock clock) {
        this.postings = postings;
        this.clock = clock;
    }

    /** The processor paid {@code amount} out to the bank: Dr {@code bank}, Cr {@code receivable_available}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String postPayout(Tenant tenant, String payoutId, Money amount, String description) {
        return postings.post(tenant, "payout", payoutId, amount, description, List.of(
                new LedgerPostings.Line(LedgerAccount.BANK, amount.minor()),
                new LedgerPostings.Line(LedgerAccount.RECEIVABLE_AVAILABLE, Math.negateExact(amount.minor()))), clock.instant());
    }

    /**
     * What the processor owes changes by {@code delta} (negative: it owes less), against
     * {@code counter}: Dr {@code receivable_available} delta, Cr {@code counter} delta.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String postAdjustment(Tenant tenant, String sourceId, Money delta, LedgerAccount counter, String description) {
        return postings.post(tenant, "adjustment", sourceId, delta, description, List.of(
                new LedgerPostings.Line(LedgerAccount.RECEIVABLE_AVAILABLE, delta.minor()),
                new LedgerPostings.Line(counter, Math.negateExact(delta.minor()))), clock.instant());
    }
}
