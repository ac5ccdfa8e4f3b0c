-- Outbound webhooks: merchants' endpoints, one delivery per (endpoint, event), and the log of
-- every HTTP attempt.

-- Signing secrets sit in their own columns: the API shows them only when they are made
-- (create, rotate_secret); deliveries read them to sign. Cleared when the endpoint is deleted.
CREATE TABLE webhooks_endpoints (
    id                         TEXT        PRIMARY KEY,
    account_id                 TEXT        NOT NULL,
    livemode                   BOOLEAN     NOT NULL,
    url                        TEXT        NOT NULL,
    description                TEXT,
    enabled_events             TEXT[]      NOT NULL,
    status                     TEXT        NOT NULL CHECK (status IN ('enabled', 'disabled')),
    disabled_reason            TEXT,
    -- Seconds between attempts after the first; NULL = the installation's schedule.
    retry_schedule             INT[],
    metadata                   JSONB       NOT NULL DEFAULT '{}',
    secret                     TEXT,
    previous_secret            TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    -- First failed attempt since the last success; an endpoint failing for too long is disabled.
    failing_since              TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL,
    deleted_at                 TIMESTAMPTZ
);

CREATE INDEX webhooks_endpoints_list_idx ON webhooks_endpoints (account_id, livemode, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX webhooks_endpoints_failing_idx ON webhooks_endpoints (failing_since)
    WHERE failing_since IS NOT NULL AND status = 'enabled' AND deleted_at IS NULL;

-- The durable queue. A row is inserted in the relay's transaction, so an event that committed
-- always has its deliveries. A node claims due rows (FOR UPDATE SKIP LOCKED) by pushing
-- next_attempt_at one lease ahead and stamping its claim; if it dies, the row is due again
-- once the lease has passed.
CREATE TABLE webhooks_deliveries (
    id              BIGSERIAL   PRIMARY KEY,
    endpoint_id     TEXT        NOT NULL REFERENCES webhooks_endpoints (id),
    account_id      TEXT        NOT NULL,
    livemode        BOOLEAN     NOT NULL,
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    -- Every attempt ever made (numbers the attempt log).
    attempts        INT         NOT NULL DEFAULT 0,
    -- Failures since the delivery was (re)started; picks the next delay of the retry schedule.
    failures        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claim           UUID,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, event_id)
);

CREATE INDEX webhooks_deliveries_due_idx ON webhooks_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhooks_deliveries_failed_idx ON webhooks_deliveries (endpoint_id, created_at) WHERE status = 'failed';

-- The attempt log: written once, never updated. No foreign keys, so it can move to another store.
CREATE TABLE webhooks_delivery_attempts (
    id            TEXT        PRIMARY KEY,
    account_id    TEXT        NOT NULL,
    livemode      BOOLEAN     NOT NULL,
    endpoint_id   TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    succeeded     BOOLEAN     NOT NULL,
    http_status   INT,
    latency_ms    INT         NOT NULL,
    response_body TEXT,
    error         TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX webhooks_attempts_endpoint_idx ON webhooks_delivery_attempts (account_id, livemode, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhooks_attempts_event_idx ON webhooks_delivery_attempts (account_id, livemode, event_id, created_at DESC, id DESC);
