-- Refunds reserve what they take from a charge while pending, so that concurrent refunds can
-- never together exceed what was captured (money rule 3). The check makes it a database fact.
ALTER TABLE payments_charges
    ADD COLUMN amount_refund_pending BIGINT NOT NULL DEFAULT 0 CHECK (amount_refund_pending >= 0),
    ADD CONSTRAINT payments_charges_refunds_within_capture CHECK (amount_refunded + amount_refund_pending <= amount_captured);

ALTER TABLE payments_intents
    ADD COLUMN amount_refunded BIGINT NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount_received);

-- Which refunds a charge has, kept by payments so a charge can show them.
CREATE TABLE payments_charge_refunds (
    refund_id  TEXT        PRIMARY KEY,
    charge_id  TEXT        NOT NULL REFERENCES payments_charges (id),
    amount     BIGINT      NOT NULL CHECK (amount > 0),
    status     TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX payments_charge_refunds_charge_idx ON payments_charge_refunds (charge_id, created_at);

CREATE TABLE refunds (
    id                  TEXT        PRIMARY KEY,
    account_id          TEXT        NOT NULL,
    livemode            BOOLEAN     NOT NULL,
    payment_intent_id   TEXT        NOT NULL,
    charge_id           TEXT        NOT NULL,
    amount              BIGINT      NOT NULL CHECK (amount > 0),
    currency            TEXT        NOT NULL,
    reason              TEXT        CHECK (reason IN ('duplicate', 'fraudulent', 'requested_by_customer')),
    status              TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
    processor           TEXT        NOT NULL,
    processor_reference TEXT,
    processor_state     TEXT        NOT NULL,
    failure_reason      TEXT,
    metadata            JSONB       NOT NULL DEFAULT '{}',
    next_check_at       TIMESTAMPTZ,
    check_attempts      INT         NOT NULL DEFAULT 0,
    needs_review        BOOLEAN     NOT NULL DEFAULT false,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE INDEX refunds_list_idx ON refunds (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX refunds_charge_idx ON refunds (charge_id);
CREATE INDEX refunds_intent_idx ON refunds (payment_intent_id);
CREATE UNIQUE INDEX refunds_reference_idx ON refunds (processor, processor_reference);
CREATE INDEX refunds_due_idx ON refunds (next_check_at) WHERE next_check_at IS NOT NULL AND NOT needs_review;
