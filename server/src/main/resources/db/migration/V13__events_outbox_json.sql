-- Keep each event's object exactly as it was rendered (key order included); the outbox never
-- queries inside it, so json (stored as text) serves better than jsonb.
ALTER TABLE events_outbox ALTER COLUMN data TYPE json USING data::json;
