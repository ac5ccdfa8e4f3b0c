-- One row per (account, mode, Idempotency-Key). A request first claims its key
-- ('in_flight', with a lease), then stores its response in the same transaction as its
-- own writes ('completed'); a duplicate replays that response byte for byte.
CREATE TABLE idempotency_keys (
    account_id            TEXT        NOT NULL,
    livemode              BOOLEAN     NOT NULL,
    idempotency_key       TEXT        NOT NULL,
    request_method        TEXT        NOT NULL,
    request_path          TEXT        NOT NULL,
    request_hash          BYTEA       NOT NULL,
    state                 TEXT        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    locked_until          TIMESTAMPTZ,
    response_status       INT,
    response_content_type TEXT,
    response_body         BYTEA,
    created_at            TIMESTAMPTZ NOT NULL,
    completed_at          TIMESTAMPTZ,
    PRIMARY KEY (account_id, livemode, idempotency_key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
