-- Stream tokens: short-lived, single-use credentials for one GET /v1/stream handshake, minted
-- with an API key (POST /v1/stream_tokens) for pages that cannot send an Authorization header.
-- Stored, like keys, only as an HMAC under the key pepper; used_at makes them single-use across
-- nodes (the redeeming UPDATE succeeds once).
CREATE TABLE tenancy_stream_tokens (
    token_hash BYTEA       PRIMARY KEY,
    key_id     TEXT        NOT NULL REFERENCES tenancy_api_keys (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE INDEX tenancy_stream_tokens_expiry_idx ON tenancy_stream_tokens (expires_at);
