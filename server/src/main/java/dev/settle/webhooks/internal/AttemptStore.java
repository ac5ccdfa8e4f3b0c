package dev.settle.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.Tenant;

/**
 * Where delivery attempts are kept: table {@code webhooks_attempts} in PostgreSQL
 * ({@link PostgresAttemptStore}) or collection {@code delivery_attempts} in MongoDB
 * ({@link MongoAttemptStore}), as the installation's {@link dev.settle.platform.DocumentStore}
 * says. Pages are read from an index whose keys are the filter and then the order
 * {@code (created, id)}, newest first (docs/webhooks.md).
 */
interface AttemptStore {

    /** Inserts the attempts; one whose id is there already is skipped. */
    void insert(List<AttemptLog.Attempt> attempts);

    Optional<AttemptLog.Attempt> find(Tenant tenant, String id);

    /**
     * One page of one endpoint's or one event's attempts (or both), ordered by {@code (created, id)}:
     * newest first after {@code cursor}, or, {@code backwards}, oldest first before it. At least one
     * of {@code endpointId} and {@code eventId} is given.
     */
    List<AttemptLog.Attempt> page(Tenant tenant, @Nullable String endpointId, @Nullable String eventId,
            AttemptLog.@Nullable Attempt cursor, boolean backwards, int limit);

    /** Drops attempts made before {@code cutoff}; returns how many. */
    long purgeOlderThan(Instant cutoff);
}
