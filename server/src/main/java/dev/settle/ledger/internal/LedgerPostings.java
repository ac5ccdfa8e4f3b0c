package dev.settle.ledger.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.settle.ledger.LedgerAccount;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** Postings asked for through the {@code Ledger} facade, checked balanced by {@link Posting}. */
@Component
public class LedgerPostings {

    private final LedgerRepository ledger;

    LedgerPostings(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    /** One entry: debits positive, credits negative. */
    public record Line(LedgerAccount account, long amount) {
    }

    /** Posts once per (type, source) and returns the transaction's id. */
    public String post(Tenant tenant, String type, String sourceId, Money amount, String description, List<Line> lines, Instant now) {
        return ledger.post(new Posting(tenant, amount.currency(), type, sourceId, amount.minor(), 0, null, description,
                lines.stream().map(line -> new Posting.Entry(line.account(), line.amount())).toList()), now);
    }
}
