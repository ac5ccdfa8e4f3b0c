-- The simulator's own state, in its own schema and migrated by its own Flyway instance.
-- PCI: no column ever holds a card number or a CVC; tokens keep only what is derived from them.

CREATE TABLE simulator.tokens (
    id          TEXT        PRIMARY KEY,
    scenario    TEXT        NOT NULL,
    brand       TEXT        NOT NULL,
    last4       TEXT        NOT NULL,
    fingerprint TEXT        NOT NULL,
    exp_month   INT         NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year    INT         NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- capture: whether the charge was asked to capture at once (applied when it succeeds).
CREATE TABLE simulator.charges (
    id              TEXT        PRIMARY KEY,
    token_id        TEXT        NOT NULL REFERENCES simulator.tokens (id),
    scenario        TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('succeeded', 'requires_action', 'processing', 'failed', 'canceled')),
    amount          BIGINT      NOT NULL CHECK (amount > 0),
    currency        TEXT        NOT NULL,
    capture         BOOLEAN     NOT NULL,
    amount_captured BIGINT      NOT NULL CHECK (amount_captured BETWEEN 0 AND amount),
    amount_refunded BIGINT      NOT NULL CHECK (amount_refunded BETWEEN 0 AND amount_captured),
    fee             BIGINT      NOT NULL CHECK (fee BETWEEN 0 AND amount_captured),
    failure_code    TEXT,
    decline_code    TEXT,
    failure_message TEXT,
    description     TEXT,
    idempotency_key TEXT        NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX charges_status_idx ON simulator.charges (status) WHERE status = 'processing';
CREATE INDEX charges_created_idx ON simulator.charges (created_at);

CREATE TABLE simulator.refunds (
    id              TEXT        PRIMARY KEY,
    charge_id       TEXT        NOT NULL REFERENCES simulator.charges (id),
    amount          BIGINT      NOT NULL CHECK (amount > 0),
    currency        TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('succeeded', 'pending', 'failed')),
    failure_code    TEXT,
    idempotency_key TEXT        NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX refunds_charge_idx ON simulator.refunds (charge_id);
CREATE INDEX refunds_created_idx ON simulator.refunds (created_at);

-- One row per Idempotency-Key, inserted in the same transaction as the work it guards, so a
-- concurrent duplicate waits on the key and then replays the committed response. The response
-- columns are filled before that transaction commits, so a committed row always has them.
-- request_hash is a SHA-256 of the parsed request, never the request itself.
CREATE TABLE simulator.idempotency_keys (
    idempotency_key TEXT        PRIMARY KEY,
    request_hash    BYTEA       NOT NULL,
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);

-- Every webhook event, with the exact body sent and how its delivery went.
CREATE TABLE simulator.events (
    id               TEXT        PRIMARY KEY,
    type             TEXT        NOT NULL,
    object_id        TEXT        NOT NULL,
    payload          TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    delivery_status  TEXT        NOT NULL CHECK (delivery_status IN ('pending', 'delivered', 'failed')),
    attempts         INT         NOT NULL DEFAULT 0,
    target_url       TEXT,
    last_http_status INT,
    last_error       TEXT,
    last_attempt_at  TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ
);

CREATE INDEX events_object_idx ON simulator.events (object_id, created_at);
CREATE INDEX events_pending_idx ON simulator.events (created_at) WHERE delivery_status = 'pending';
