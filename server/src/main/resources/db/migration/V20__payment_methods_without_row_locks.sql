-- A foreign key check locks the referenced row (FOR KEY SHARE) in every inserting transaction.
-- A saved card is used by many payments at once, and each concurrent lock on its one row made
-- PostgreSQL create a multixact: about one per payment under load (measured with mxid_age), each
-- a write to the multixact logs and to the card's row. Payment methods are never deleted, and
-- every payment reads (or checks) its payment method under the tenant before writing, so the
-- two keys below guarded nothing the application does not.
ALTER TABLE payments_intents DROP CONSTRAINT payments_intents_payment_method_id_fkey;
ALTER TABLE payments_charges DROP CONSTRAINT payments_charges_payment_method_id_fkey;
