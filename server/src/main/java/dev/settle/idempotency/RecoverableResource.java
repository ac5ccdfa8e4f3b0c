package dev.settle.idempotency;

import dev.settle.tenancy.Tenant;

/**
 * Renders an object that an interrupted idempotent request was bound to, for the retry's
 * answer. One bean per {@link #type()}.
 */
public interface RecoverableResource {

    /** As passed to {@link IdempotentRequests#bind}, e.g. {@code payment_intent}. */
    String type();

    /** The object as the API shows it now; it exists, since it was bound in a committed transaction. */
    Object current(Tenant tenant, String id);
}
