-- What a trial's end does when the customer has no default payment method
-- (trial_settings.end_behavior.missing_payment_method): create_invoice (as before), pause or cancel.
ALTER TABLE billing_subscriptions ADD COLUMN trial_missing_payment_method text NOT NULL DEFAULT 'create_invoice'
    CHECK (trial_missing_payment_method IN ('create_invoice', 'pause', 'cancel'));
