-- A test-mode customer can live on a test clock (billing's), fixed at creation.
ALTER TABLE customers ADD COLUMN test_clock_id TEXT;
