-- Dashboard users of an account, their roles, and their sessions (docs/security.md).
-- A user is invited (invite_hash set, no password) and becomes active by accepting with a
-- password. Passwords are BCrypt hashes; invite and session tokens are stored only as HMACs
-- under the key pepper, like API keys; a TOTP secret is sealed with the secrets key.
CREATE TABLE tenancy_users (
    id                TEXT        PRIMARY KEY,
    account_id        TEXT        NOT NULL REFERENCES tenancy_accounts (id),
    email             TEXT        NOT NULL,
    role              TEXT        NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'analyst')),
    password_hash     TEXT,
    invite_hash       BYTEA       UNIQUE,
    invite_expires_at TIMESTAMPTZ,
    totp_secret       TEXT,
    totp_enabled      BOOLEAN     NOT NULL DEFAULT false,
    failed_sign_ins   INT         NOT NULL DEFAULT 0,
    locked_until      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    removed_at        TIMESTAMPTZ
);

-- One person signs in by email, so an address belongs to one user (removed users free it).
CREATE UNIQUE INDEX tenancy_users_email_idx ON tenancy_users (lower(email)) WHERE removed_at IS NULL;
CREATE INDEX tenancy_users_account_idx ON tenancy_users (account_id, created_at DESC, id DESC);

CREATE TABLE tenancy_sessions (
    token_hash BYTEA       PRIMARY KEY,
    csrf_hash  BYTEA       NOT NULL,
    user_id    TEXT        NOT NULL REFERENCES tenancy_users (id),
    livemode   BOOLEAN     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ
);

CREATE INDEX tenancy_sessions_user_idx ON tenancy_sessions (user_id);
CREATE INDEX tenancy_sessions_expiry_idx ON tenancy_sessions (expires_at);
