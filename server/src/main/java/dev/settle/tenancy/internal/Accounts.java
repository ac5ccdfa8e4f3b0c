package dev.settle.tenancy.internal;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.shared.Ids;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.AuditLog;

/** Creates accounts, each with a test and a live secret key. */
@Service
class Accounts {

    private final AccountRepository repository;
    private final ApiKeys keys;
    private final Clock clock;
    private final AuditLog audit;

    Accounts(AccountRepository repository, ApiKeys keys, Clock clock, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
        this.keys = keys;
        this.clock = clock;
    }

    record CreatedAccount(AccountRepository.Account account, ApiKeys.MintedKey testKey, ApiKeys.MintedKey liveKey) {
    }

    @Transactional
    CreatedAccount create(String name) {
        AccountRepository.Account account = new AccountRepository.Account(Ids.newId("acct"), name, clock.instant());
        repository.insert(account);
        audit.recordAccountWide(new AccountId(account.id()), "account.created", "account", account.id(),
                AuditLog.created(java.util.Map.of("name", name)));
        ApiKeys.MintedKey test = keys.mint(account.id(), false, ApiKey.Type.SECRET, "Default test key", java.util.List.of());
        ApiKeys.MintedKey live = keys.mint(account.id(), true, ApiKey.Type.SECRET, "Default live key", java.util.List.of());
        return new CreatedAccount(account, test, live);
    }

    /** Changes the account's settings (its name) and records the change in the audit log. */
    @Transactional
    AccountRepository.Account update(String accountId, String name) {
        AccountRepository.Account current = repository.findForUpdate(accountId)
                .orElseThrow(() -> new ResourceNotFoundException("account", accountId, "account"));
        if (!current.name().equals(name)) {
            repository.rename(accountId, name);
            audit.recordAccountWide(new AccountId(accountId), "account.updated", "account", accountId,
                    AuditLog.diff(java.util.Map.of("name", current.name()), java.util.Map.of("name", name)));
        }
        return new AccountRepository.Account(accountId, name, current.created());
    }

    AccountRepository.Account find(String accountId) {
        return repository.find(accountId).orElseThrow(() -> new ResourceNotFoundException("account", accountId, "account"));
    }

    boolean none() {
        return repository.count() == 0;
    }
}
