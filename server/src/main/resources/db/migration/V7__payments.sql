CREATE TABLE payments_methods (
    id                   TEXT        PRIMARY KEY,
    account_id           TEXT        NOT NULL,
    livemode             BOOLEAN     NOT NULL,
    customer_id          TEXT,
    default_for_customer BOOLEAN     NOT NULL DEFAULT false,
    type                 TEXT        NOT NULL CHECK (type = 'card'),
    brand                TEXT        NOT NULL,
    last4                TEXT        NOT NULL,
    exp_month            INT         NOT NULL,
    exp_year             INT         NOT NULL,
    fingerprint          TEXT        NOT NULL,
    processor            TEXT        NOT NULL,
    processor_token      TEXT        NOT NULL,
    metadata             JSONB       NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX payments_methods_customer_idx ON payments_methods (account_id, livemode, customer_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX payments_methods_one_default_idx ON payments_methods (customer_id) WHERE default_for_customer;

CREATE TABLE payments_intents (
    id                  TEXT        PRIMARY KEY,
    account_id          TEXT        NOT NULL,
    livemode            BOOLEAN     NOT NULL,
    amount              BIGINT      NOT NULL CHECK (amount > 0),
    currency            TEXT        NOT NULL,
    customer_id         TEXT,
    payment_method_id   TEXT REFERENCES payments_methods (id),
    capture_method      TEXT        NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
    status              TEXT        NOT NULL CHECK (status IN ('requires_payment_method', 'requires_confirmation',
                                        'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled')),
    amount_capturable   BIGINT      NOT NULL DEFAULT 0 CHECK (amount_capturable >= 0 AND amount_capturable <= amount),
    amount_received     BIGINT      NOT NULL DEFAULT 0 CHECK (amount_received >= 0 AND amount_received <= amount),
    description         TEXT,
    metadata            JSONB       NOT NULL DEFAULT '{}',
    last_payment_error  JSONB,
    next_action_url     TEXT,
    return_url          TEXT,
    latest_charge_id    TEXT,
    cancellation_reason TEXT,
    canceled_at         TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE INDEX payments_intents_list_idx ON payments_intents (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX payments_intents_customer_idx ON payments_intents (account_id, livemode, customer_id, created_at DESC);

CREATE TABLE payments_charges (
    id                     TEXT        PRIMARY KEY,
    payment_intent_id      TEXT        NOT NULL REFERENCES payments_intents (id),
    account_id             TEXT        NOT NULL,
    livemode               BOOLEAN     NOT NULL,
    amount                 BIGINT      NOT NULL CHECK (amount > 0),
    currency               TEXT        NOT NULL,
    payment_method_id      TEXT        NOT NULL REFERENCES payments_methods (id),
    processor              TEXT        NOT NULL,
    processor_reference    TEXT,
    status                 TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
    processor_state        TEXT        NOT NULL,
    captured               BOOLEAN     NOT NULL DEFAULT false,
    amount_captured        BIGINT      NOT NULL DEFAULT 0 CHECK (amount_captured >= 0 AND amount_captured <= amount),
    amount_refunded        BIGINT      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount_captured),
    fee                    BIGINT      NOT NULL DEFAULT 0 CHECK (fee >= 0),
    failure_code           TEXT,
    decline_code           TEXT,
    failure_message        TEXT,
    pending_action         TEXT        NOT NULL DEFAULT 'none' CHECK (pending_action IN ('none', 'capture', 'void')),
    pending_capture_amount BIGINT      NOT NULL DEFAULT 0,
    next_check_at          TIMESTAMPTZ,
    check_attempts         INT         NOT NULL DEFAULT 0,
    needs_review           BOOLEAN     NOT NULL DEFAULT false,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);

CREATE INDEX payments_charges_intent_idx ON payments_charges (payment_intent_id, created_at);
CREATE UNIQUE INDEX payments_charges_reference_idx ON payments_charges (processor, processor_reference);
CREATE INDEX payments_charges_due_idx ON payments_charges (next_check_at) WHERE next_check_at IS NOT NULL AND NOT needs_review;
