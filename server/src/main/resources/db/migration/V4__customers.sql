CREATE TABLE customers (
    id          TEXT        PRIMARY KEY,
    account_id  TEXT        NOT NULL,
    livemode    BOOLEAN     NOT NULL,
    email       TEXT,
    name        TEXT,
    phone       TEXT,
    description TEXT,
    metadata    JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);

-- Lists are newest first per account and mode, paged by (created_at, id).
CREATE INDEX customers_list_idx ON customers (account_id, livemode, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customers_email_idx ON customers (account_id, livemode, lower(email)) WHERE deleted_at IS NULL;
