package dev.settle.tenancy;

import org.springframework.stereotype.Service;

import dev.settle.tenancy.internal.AccountRepository;

/** What other modules may ask of tenancy. */
@Service
public class Tenancy {

    private final AccountRepository accounts;

    Tenancy(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public boolean accountExists(AccountId id) {
        return accounts.find(id.value()).isPresent();
    }
}
