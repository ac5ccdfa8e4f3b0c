package dev.settle.tenancy.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A dashboard user as stored. {@code passwordHash} is null while the invitation is open. */
record User(String id, String accountId, String email, Role role, @Nullable String passwordHash, @Nullable String totpSecret,
        boolean totpEnabled, @Nullable Instant lockedUntil, @Nullable Instant inviteExpires, Instant created) {

    boolean active() {
        return passwordHash != null;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "User[" + id + ", " + role.code() + "]";
    }
}
