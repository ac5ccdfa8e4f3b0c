-- Inbound processor webhooks, kept raw. The unique key on the processor's event id makes
-- a redelivered event a no-op; the row is written in the same transaction as the event's effect.
CREATE TABLE webhooks_inbound_events (
    processor   TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    object_id   TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (processor, event_id)
);
