-- The test clock's time a charge was made under (billing for a clock's customer), which is what
-- the charge shows as its `created`; created_at stays the wall-clock time that times its recovery.
ALTER TABLE payments_charges ADD COLUMN clock_time TIMESTAMPTZ;
