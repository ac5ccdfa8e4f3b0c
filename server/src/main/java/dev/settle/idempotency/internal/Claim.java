package dev.settle.idempotency.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.Tenant;

/**
 * The {@code Idempotency-Key} a request runs under, and how far its row has got. There is no
 * row until the request commits work: the row is written by the first transaction that does
 * (optimistically, with no claim of its own in advance), so a key already taken makes that
 * transaction fail and the request then answers as the key's first request did. Belongs to one
 * request, so one thread.
 */
public final class Claim {

    enum State {
        /** No row of this request's yet. */
        NEW,
        /** Our row is committed, in flight (possibly bound to the work it committed). */
        RECORDED,
        /** Our row holds the answer. */
        COMPLETED
    }

    private final Tenant tenant;
    private final String key;
    private final IdempotencyStore.Fingerprint fingerprint;
    private final Instant created;
    private final Instant lockedUntil;
    private State state = State.NEW;
    private boolean writing;
    private @Nullable String resourceType;
    private @Nullable String resourceId;
    private IdempotencyStore.@Nullable StoredResponse pendingAnswer;

    Claim(Tenant tenant, String key, IdempotencyStore.Fingerprint fingerprint, Instant created, Instant lockedUntil) {
        this.tenant = tenant;
        this.key = key;
        this.fingerprint = fingerprint;
        this.created = created;
        this.lockedUntil = lockedUntil;
    }

    Tenant tenant() {
        return tenant;
    }

    String key() {
        return key;
    }

    IdempotencyStore.Fingerprint fingerprint() {
        return fingerprint;
    }

    Instant created() {
        return created;
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    /** Whether the current transaction already writes this claim when it commits. */
    boolean writing() {
        return writing;
    }

    void writing(boolean writing) {
        this.writing = writing;
    }

    @Nullable String resourceType() {
        return resourceType;
    }

    @Nullable String resourceId() {
        return resourceId;
    }

    void bindTo(String type, String id) {
        this.resourceType = type;
        this.resourceId = id;
    }

    /** The answer the current transaction stores with the claim's first row, if any. */
    IdempotencyStore.@Nullable StoredResponse pendingAnswer() {
        return pendingAnswer;
    }

    void pendingAnswer(IdempotencyStore.@Nullable StoredResponse answer) {
        this.pendingAnswer = answer;
    }
}
