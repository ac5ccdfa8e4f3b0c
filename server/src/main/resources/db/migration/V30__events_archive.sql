-- The event archive in PostgreSQL: where the events API reads, unless MongoDB is configured
-- (SETTLE_MONGODB_URI). One row per relayed event: the keys its queries filter and order on as
-- columns, and the event's JSON as a document.
--
-- The document is json, not jsonb: json keeps the text exactly as rendered, so an event read back
-- is byte for byte the body its webhooks carried (jsonb would reorder its keys), and no query
-- looks inside it.
--
-- Every query of the events API reads one index range in the order it returns rows, so a page
-- costs the same however many events an account has (bench/events.sh):
--
--   list, starting_after / ending_before   primary key (account_id, livemode, sequence)
--   type=, types[] (one range per type)    events_archive_type_idx
--   object=                                events_archive_object_idx
--   GET /v1/events/{id}, cursors by id     events_archive_event_id_idx (unique: an event is archived once)
--   retention, in batches by age           events_archive_created_idx
--
-- The primary key also means a second event can never take an account's and mode's sequence
-- number. Ids and types compare bytewise (COLLATE "C"), as MongoDB compares strings: cheaper than
-- a language's collation, and the same order on both stores.
CREATE TABLE events_archive (
    account_id TEXT COLLATE "C" NOT NULL,
    livemode   BOOLEAN          NOT NULL,
    sequence   BIGINT           NOT NULL,
    event_id   TEXT COLLATE "C" NOT NULL,
    type       TEXT COLLATE "C" NOT NULL,
    object_id  TEXT COLLATE "C" NOT NULL,
    created    TIMESTAMPTZ      NOT NULL,
    payload    JSON             NOT NULL,
    PRIMARY KEY (account_id, livemode, sequence)
);

CREATE UNIQUE INDEX events_archive_event_id_idx ON events_archive (event_id);
CREATE INDEX events_archive_type_idx ON events_archive (account_id, livemode, type, sequence);
CREATE INDEX events_archive_object_idx ON events_archive (account_id, livemode, object_id, sequence);
CREATE INDEX events_archive_created_idx ON events_archive (created);

-- Which store the archiver's watermark (events_archive_marks) refers to. At start Settle compares
-- it with the store it now uses; if they differ (the first start of this version, whose archive
-- moved here from the embedded Mongo-compatible store, or a move between PostgreSQL and MongoDB),
-- it archives the outbox into the new store again from the start.
CREATE TABLE events_archive_store (
    id    BOOLEAN     PRIMARY KEY DEFAULT true CHECK (id),
    store TEXT        NOT NULL,
    since TIMESTAMPTZ NOT NULL
);
