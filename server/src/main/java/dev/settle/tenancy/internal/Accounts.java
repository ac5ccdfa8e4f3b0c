package dev.settle.tenancy.internal;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.shared.Ids;
import dev.settle.shared.ResourceNotFoundException;

/** Creates accounts, each with a test and a live secret key. */
@Service
class Accounts {

    private final AccountRepository repository;
    private final ApiKeys keys;
    private final Clock clock;

    Accounts(AccountRepository repository, ApiKeys keys, Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.clock = clock;
    }

    record CreatedAccount(AccountRepository.Account account, ApiKeys.MintedKey testKey, ApiKeys.MintedKey liveKey) {
    }

    @Transactional
    CreatedAccount create(String name) {
        AccountRepository.Account account = new AccountRepository.Account(Ids.newId("acct"), name, clock.instant());
        repository.insert(account);
        ApiKeys.MintedKey test = keys.mint(account.id(), false, ApiKey.Type.SECRET, "Default test key", java.util.List.of());
        ApiKeys.MintedKey live = keys.mint(account.id(), true, ApiKey.Type.SECRET, "Default live key", java.util.List.of());
        return new CreatedAccount(account, test, live);
    }

    AccountRepository.Account find(String accountId) {
        return repository.find(accountId).orElseThrow(() -> new ResourceNotFoundException("account", accountId, "account"));
    }

    boolean none() {
        return repository.count() == 0;
    }
}
