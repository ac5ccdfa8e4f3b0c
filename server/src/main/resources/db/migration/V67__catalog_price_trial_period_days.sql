-- A recurring price's default trial (recurring.trial_period_days), which a subscription created
-- with trial_from_plan takes. Immutable like the price's other terms.
ALTER TABLE catalog_prices ADD COLUMN trial_period_days integer
    CHECK (trial_period_days IS NULL OR (trial_period_days BETWEEN 1 AND 730 AND type = 'recurring'));
