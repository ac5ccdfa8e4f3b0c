-- Per-account rate limits (requests per second per API key), set through the operator API
-- (POST /v1/accounts/{id}/rate_limits). NULL = the installation's default for that mode
-- (settle.rate-limits.live / .test).
CREATE TABLE ratelimits_accounts (
    account_id      text PRIMARY KEY REFERENCES tenancy_accounts (id) ON DELETE CASCADE,
    live_per_second integer CHECK (live_per_second > 0),
    test_per_second integer CHECK (test_per_second > 0),
    updated_at      timestamptz NOT NULL
);
