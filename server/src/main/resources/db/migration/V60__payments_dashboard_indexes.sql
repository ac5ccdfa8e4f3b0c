-- The dashboard's reads on large accounts: charges by account and day (the home page's daily
-- activity and recent failures), and the payments list filtered by a card's last four digits.
CREATE INDEX payments_charges_account_idx ON payments_charges (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX payments_methods_last4_idx ON payments_methods (account_id, livemode, last4);
