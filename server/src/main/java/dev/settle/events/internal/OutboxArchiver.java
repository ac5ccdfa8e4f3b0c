package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.BatchedDelete;

/**
 * Copies relayed events to the MongoDB archive in relay order, then records in PostgreSQL how
 * far it got: one row in {@code events_archive_marks} per batch, never an update per event.
 * Everything at or below the greatest mark is archived. A crash between the two writes the same
 * documents again next time (the archive skips an event it already holds), so every relayed
 * event reaches the archive exactly once in effect, and MongoDB being down delays the archive
 * without blocking payments or webhooks.
 *
 * <p>The watermark is sound because the relay draws relay orders under its cluster-wide lock,
 * held to commit: once an event with relay order {@code n} is visible, every smaller one that
 * will ever exist is visible too.
 */
@Component
class OutboxArchiver {

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventArchive archive;
    private final Clock clock;

    OutboxArchiver(JdbcClient jdbc, TransactionTemplate transactions, EventArchive archive, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.archive = archive;
        this.clock = clock;
    }

    private record Row(long relayOrder, EventArchive.Archived event) {
    }

    /** Held while the watermark moves (a batch's mark, a resync), so the two never interleave. */
    static final long MARK_LOCK = 0x5e771e_0002L;

    private static final String LOCK = "SELECT pg_advisory_xact_lock(:lock)";

    private static final String CURRENT_MARK = "SELECT coalesce(max(relay_order), 0) FROM events_archive_marks";

    private static final String UNARCHIVED = """
            SELECT relay_order, id, account_id, livemode, sequence, type, object_id, data::text AS data, created_at
            FROM events_outbox
            WHERE relay_order > :from
            ORDER BY relay_order
            LIMIT :limit
            """;

    int archiveAll() {
        int total = 0;
        List<Row> rows;
        do {
            long from = mark();
            rows = unarchivedAfter(from);
            archive.save(rows.stream().map(Row::event).toList());
            if (!rows.isEmpty() && !markArchived(from, rows.getLast().relayOrder())) {
                // The watermark moved back meanwhile (a resync): start again from there next time.
                return total;
            }
            total += rows.size();
        } while (rows.size() == BATCH);
        return total;
    }

    /**
     * Archives a batch the relay has just committed, from what the relay read rather than from
     * the outbox again, and records its mark if the archive reached the batch's start; false
     * otherwise (a gap stays, which {@link #archiveAll} fills from the outbox).
     */
    boolean archiveRelayed(OutboxRelay.Batch batch) {
        archive.save(batch.events());
        return markArchived(batch.from() - 1, batch.to());
    }

    /** How far the archive goes: every event at or below this relay order is archived. */
    long mark() {
        return jdbc.sql(CURRENT_MARK).query(Long.class).single();
    }

    private List<Row> unarchivedAfter(long from) {
        return jdbc.sql(UNARCHIVED).param("from", from).param("limit", BATCH)
                .query((rs, n) -> {
                    Instant created = rs.getTimestamp("created_at").toInstant();
                    String id = rs.getString("id");
                    return new Row(rs.getLong("relay_order"), new EventArchive.Archived(id, rs.getString("account_id"),
                            rs.getBoolean("livemode"), rs.getLong("sequence"), rs.getString("type"), rs.getString("object_id"),
                            created, EventJson.render(id, rs.getString("type"), created, rs.getBoolean("livemode"),
                                    rs.getLong("sequence"), rs.getString("data"))));
                })
                .list();
    }

    private static final String MARK = """
            INSERT INTO events_archive_marks (relay_order, archived_at)
            SELECT :upTo, :now
            WHERE (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks) = :from
            ON CONFLICT (relay_order) DO NOTHING
            """;

    /**
     * Records that everything up to {@code upTo} is archived, if the watermark is still where this
     * batch started ({@code from}); false if it moved: a resync moved it back (the batch must not
     * cover that up), or another node got further first (its mark stands).
     */
    boolean markArchived(long from, long upTo) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql(LOCK).param("lock", MARK_LOCK).query((rs, n) -> 1).list();
            return jdbc.sql(MARK).param("upTo", upTo).param("from", from).param("now", Timestamp.from(clock.instant()))
                    .update() == 1;
        }));
    }

    private static final String RESYNC = """
            WITH dropped AS (
                DELETE FROM events_archive_marks
                WHERE archived_at > :since
                RETURNING relay_order
            )
            SELECT count(*)
            FROM events_outbox
            WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks WHERE archived_at <= :since)
              AND relay_order <= (SELECT coalesce(max(relay_order), 0) FROM dropped)
            """;

    /**
     * Archives again the events archived after {@code since}, by dropping the marks recorded
     * since. Run at start-up: a store that acknowledges writes before they reach disk (the
     * embedded one syncs about once a second) may have lost the last ones in a crash; the writes
     * are idempotent, so repeating them is safe. A batch being archived meanwhile does not record
     * its mark over this (see {@link #markArchived}). Returns how many events will be archived again.
     */
    int resyncSince(Instant since) {
        Integer again = transactions.execute(status -> {
            jdbc.sql(LOCK).param("lock", MARK_LOCK).query((rs, n) -> 1).list();
            return jdbc.sql(RESYNC).param("since", Timestamp.from(since)).query(Integer.class).single();
        });
        return again == null ? 0 : again;
    }

    private static final String PURGE = """
            WITH archived AS (
                SELECT coalesce(max(relay_order), 0) AS relay_order
                FROM events_archive_marks
                WHERE archived_at < :cutoff
            ), doomed AS (
                SELECT position
                FROM events_outbox
                WHERE relay_order <= (SELECT relay_order FROM archived)
                ORDER BY relay_order
                LIMIT :batch
            ), rows AS (
                DELETE FROM events_outbox
                WHERE position IN (SELECT position FROM doomed)
                RETURNING 1
            ), marks AS (
                DELETE FROM events_archive_marks
                WHERE relay_order < (SELECT relay_order FROM archived)
            )
            SELECT count(*) FROM rows
            """;

    /**
     * Drops outbox rows archived before {@code cutoff}, and the marks no longer needed (the
     * greatest of them stays); the archive and deliveries have what they need.
     */
    int purgeArchivedBefore(Instant cutoff) {
        return (int) BatchedDelete.untilDone(PURGE_BATCH, () -> jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff))
                .param("batch", PURGE_BATCH).query(Integer.class).single());
    }

    /** Outbox rows deleted per statement: each stays far below the background statement timeout. */
    static final int PURGE_BATCH = 5_000;
}
