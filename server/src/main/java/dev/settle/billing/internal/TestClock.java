package dev.settle.billing.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/** A test clock as stored: frozen at {@code frozenTime}, advancing towards {@code targetTime}. */
record TestClock(String id, String accountId, @Nullable String name, Instant frozenTime, Instant targetTime, String status,
        Instant created) {

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), false);
    }
}
