-- A request that commits work before it finishes (a payment's recorded attempt, say) ties its
-- Idempotency-Key to the object that work created or changed, in the same transaction. If the
-- request then dies (crash, 5xx), a retry with the key answers with that object as it stands
-- instead of running again, so a retry can never charge or refund twice.
ALTER TABLE idempotency_keys
    ADD COLUMN resource_type TEXT,
    ADD COLUMN resource_id   TEXT,
    ADD CONSTRAINT idempotency_keys_resource_check CHECK ((resource_type IS NULL) = (resource_id IS NULL));
