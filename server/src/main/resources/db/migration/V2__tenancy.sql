CREATE TABLE tenancy_accounts (
    id         TEXT        PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Keys are stored only as an HMAC-SHA256 of the key under a server-side pepper; the
-- plaintext is shown once, in the response that creates it.
CREATE TABLE tenancy_api_keys (
    id           TEXT        PRIMARY KEY,
    account_id   TEXT        NOT NULL REFERENCES tenancy_accounts (id),
    livemode     BOOLEAN     NOT NULL,
    type         TEXT        NOT NULL CHECK (type IN ('secret', 'restricted')),
    name         TEXT,
    key_hash     BYTEA       NOT NULL UNIQUE,
    redacted     TEXT        NOT NULL,
    scopes       TEXT[]      NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE INDEX tenancy_api_keys_account_idx ON tenancy_api_keys (account_id, created_at DESC);
