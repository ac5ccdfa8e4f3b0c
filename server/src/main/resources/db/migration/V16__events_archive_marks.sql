-- The archiver no longer marks each event row archived (a second full-row update per event,
-- with every index of the table, after the relay's). Instead:
--
-- * the relay gives each event it relays a relay_order from one global sequence. It draws the
--   numbers under the relay's advisory lock, held to commit, so a larger relay_order always
--   commits after a smaller one;
-- * the archiver copies events in relay_order and then records how far it got, as one row in
--   events_archive_marks per batch. Everything at or below the greatest mark is archived.
--
-- The relay still updates each row (its sequence), but with fewer indexes to maintain: the
-- object index was not used by any query, and the sequence and relay-order indexes leave out
-- the rows not yet relayed.

CREATE SEQUENCE events_relay_order_seq;

ALTER TABLE events_outbox ADD COLUMN relay_order BIGINT;

-- Rows relayed before this migration, in the order they were relayed.
WITH ordered AS (
    SELECT position, row_number() OVER (ORDER BY relayed_at, position) AS n
    FROM events_outbox
    WHERE sequence IS NOT NULL
)
UPDATE events_outbox AS o
SET relay_order = ordered.n
FROM ordered
WHERE o.position = ordered.position;

SELECT setval('events_relay_order_seq', coalesce((SELECT max(relay_order) FROM events_outbox), 0) + 1, false);

CREATE TABLE events_archive_marks (
    relay_order BIGINT      PRIMARY KEY,
    archived_at TIMESTAMPTZ NOT NULL
);

-- Archived so far: everything below the first relayed row that was not.
INSERT INTO events_archive_marks (relay_order, archived_at)
SELECT coalesce((SELECT min(relay_order) - 1 FROM events_outbox WHERE sequence IS NOT NULL AND archived_at IS NULL),
                (SELECT max(relay_order) FROM events_outbox),
                0),
       now();

DROP INDEX events_outbox_unarchived_idx;
DROP INDEX events_outbox_object_idx;
DROP INDEX events_outbox_sequence_idx;
ALTER TABLE events_outbox DROP COLUMN archived_at;

CREATE UNIQUE INDEX events_outbox_sequence_idx ON events_outbox (account_id, livemode, sequence) WHERE sequence IS NOT NULL;
CREATE INDEX events_outbox_relay_order_idx ON events_outbox (relay_order) WHERE relay_order IS NOT NULL;
