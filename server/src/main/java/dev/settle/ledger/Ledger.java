package dev.settle.ledger;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.settle.ledger.internal.LedgerRepository;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** What other modules may ask of the ledger. */
@Service
public class Ledger {

    private final LedgerRepository repository;

    Ledger(LedgerRepository repository) {
        this.repository = repository;
    }

    /** The balance of one ledger account, in every currency it holds, as the sum of its entries. */
    public List<Money> balanceOf(Tenant tenant, LedgerAccount account) {
        return repository.balances(tenant, account);
    }
}
