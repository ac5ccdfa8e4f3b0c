-- The relay updates every outbox row once, setting its sequence, relayed_at and relay_order, the
-- last columns of the row. When the new version lands on the same page as the old one,
-- PostgreSQL logs only the bytes that changed (the tail of the row) rather than the whole row
-- with its JSON; on a full page it goes elsewhere and the whole row is logged again. Leave room on
-- each page for the updates of the rows inserted there.
ALTER TABLE events_outbox SET (fillfactor = 50);
