-- Every update of a payment intent or charge names the version it read and increments it. A
-- processor's answer to the attempt a request has just recorded is then applied without reading
-- the intent and its charges again: the request knows them, and if anything changed them
-- meanwhile (a cancel, a webhook, the janitor), the versions no longer match, nothing is written,
-- and the answer is applied the usual way, under the intent's lock.
ALTER TABLE payments_intents ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments_charges ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
