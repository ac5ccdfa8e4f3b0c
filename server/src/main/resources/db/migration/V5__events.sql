-- The transactional outbox: one row per event, inserted in the same transaction as the
-- state change it describes. txid is the writing transaction's id, which lets a relay
-- read only rows whose transactions (and all older ones) have finished.
CREATE TABLE events_outbox (
    position   BIGSERIAL   PRIMARY KEY,
    id         TEXT        NOT NULL UNIQUE,
    account_id TEXT        NOT NULL,
    livemode   BOOLEAN     NOT NULL,
    type       TEXT        NOT NULL,
    object_id  TEXT        NOT NULL,
    data       JSONB       NOT NULL,
    txid       XID8        NOT NULL DEFAULT pg_current_xact_id(),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX events_outbox_object_idx ON events_outbox (account_id, livemode, object_id);
