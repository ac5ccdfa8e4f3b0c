-- The catalog: products and their prices. A price's amounts never change once created (a new
-- amount is a new price); only active, nickname, lookup_key and metadata can be updated.

CREATE TABLE catalog_products (
    id          TEXT        PRIMARY KEY,
    account_id  TEXT        NOT NULL,
    livemode    BOOLEAN     NOT NULL,
    name        TEXT        NOT NULL,
    description TEXT,
    active      BOOLEAN     NOT NULL,
    metadata    JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);

CREATE INDEX catalog_products_list_idx ON catalog_products (account_id, livemode, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE catalog_prices (
    id             TEXT        PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    livemode       BOOLEAN     NOT NULL,
    product_id     TEXT        NOT NULL REFERENCES catalog_products (id),
    currency       TEXT        NOT NULL,
    type           TEXT        NOT NULL CHECK (type IN ('one_time', 'recurring')),
    recur_interval TEXT        CHECK (recur_interval IN ('day', 'week', 'month', 'year')),
    interval_count INT         CHECK (interval_count > 0),
    billing_scheme TEXT        NOT NULL CHECK (billing_scheme IN ('per_unit', 'tiered')),
    unit_amount    BIGINT      CHECK (unit_amount >= 0),
    tiers_mode     TEXT        CHECK (tiers_mode IN ('graduated', 'volume')),
    tiers          JSONB,
    nickname       TEXT,
    lookup_key     TEXT,
    active         BOOLEAN     NOT NULL,
    metadata       JSONB       NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ NOT NULL,
    CHECK ((type = 'recurring') = (recur_interval IS NOT NULL AND interval_count IS NOT NULL)),
    CHECK ((billing_scheme = 'per_unit') = (unit_amount IS NOT NULL)),
    CHECK ((billing_scheme = 'tiered') = (tiers IS NOT NULL AND tiers_mode IS NOT NULL))
);

CREATE INDEX catalog_prices_list_idx ON catalog_prices (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX catalog_prices_product_idx ON catalog_prices (product_id);
-- A lookup key names one price per account and mode.
CREATE UNIQUE INDEX catalog_prices_lookup_key_idx ON catalog_prices (account_id, livemode, lookup_key) WHERE lookup_key IS NOT NULL;
