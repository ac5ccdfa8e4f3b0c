-- Every event row is inserted once and updated once (the relay), so each index costs twice per
-- event. Two are dropped:
--
-- * the unique index on the event id: no query reads the outbox by id, and ids are unique by
--   construction (creation time and 95 random bits); the archive keeps its own unique index on
--   them;
-- * txid and its default (the inserting transaction's id, computed for every row): nothing reads
--   it since the relay orders by visibility (V11).
ALTER TABLE events_outbox DROP CONSTRAINT events_outbox_id_key;
ALTER TABLE events_outbox DROP COLUMN txid;
