-- The relay gives each committed event its place in its account's and mode's sequence, in the
-- order it finds them committed, and marks it relayed; the archiver then copies it to MongoDB.
ALTER TABLE events_outbox
    ADD COLUMN sequence    BIGINT,
    ADD COLUMN relayed_at  TIMESTAMPTZ,
    ADD COLUMN archived_at TIMESTAMPTZ;

CREATE INDEX events_outbox_unrelayed_idx ON events_outbox (position) WHERE sequence IS NULL;
CREATE INDEX events_outbox_unarchived_idx ON events_outbox (position) WHERE sequence IS NOT NULL AND archived_at IS NULL;
CREATE UNIQUE INDEX events_outbox_sequence_idx ON events_outbox (account_id, livemode, sequence);

CREATE TABLE events_sequences (
    account_id TEXT    NOT NULL,
    livemode   BOOLEAN NOT NULL,
    last       BIGINT  NOT NULL,
    PRIMARY KEY (account_id, livemode)
);
