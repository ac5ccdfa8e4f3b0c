-- A payment intent made by billing for a test clock's customer carries the clock's frozen time:
-- its created_at is that time, and clock_time (null for every other intent) makes its events
-- carry it too, never the wall clock (docs/billing.md, "Test clocks").
ALTER TABLE payments_intents ADD COLUMN clock_time timestamptz;
