-- The webhook attempt log in PostgreSQL (unless MongoDB is configured, SETTLE_MONGODB_URI): one
-- row per delivery attempt, append-only, kept for settle.webhooks.attempt-retention. The keys its
-- queries filter and order on are columns; the rest of the attempt is a jsonb document
-- (event_type, attempt, succeeded, http_status, latency_ms, response_body, error).
--
--   GET /v1/webhook_attempts?endpoint=   webhooks_attempts_endpoint_idx, newest first by (created, id)
--   GET /v1/webhook_attempts?event=      webhooks_attempts_event_idx, newest first by (created, id)
--   a cursor (starting_after, ...)       the primary key
--   retention, in batches by age         webhooks_attempts_created_idx
--
-- (V14 dropped the earlier webhooks_delivery_attempts when the log moved to the document store.)
CREATE TABLE webhooks_attempts (
    id          TEXT COLLATE "C" PRIMARY KEY,
    account_id  TEXT COLLATE "C" NOT NULL,
    livemode    BOOLEAN          NOT NULL,
    endpoint_id TEXT COLLATE "C" NOT NULL,
    event_id    TEXT COLLATE "C" NOT NULL,
    created     TIMESTAMPTZ      NOT NULL,
    document    JSONB            NOT NULL
);

CREATE INDEX webhooks_attempts_endpoint_idx ON webhooks_attempts (account_id, livemode, endpoint_id, created, id);
CREATE INDEX webhooks_attempts_event_idx ON webhooks_attempts (account_id, livemode, event_id, created, id);
CREATE INDEX webhooks_attempts_created_idx ON webhooks_attempts (created);
