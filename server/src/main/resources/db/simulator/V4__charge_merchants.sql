-- Which merchant (Settle account) a charge was made for, as a processor's connected account:
-- settlement reports are per merchant. Charges made before this, or without a merchant, have no row.
CREATE TABLE simulator.charge_merchants (
    charge_id TEXT PRIMARY KEY,
    merchant  TEXT NOT NULL
);

CREATE INDEX charge_merchants_merchant_idx ON simulator.charge_merchants (merchant, charge_id);
