package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

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
    private final EventArchive archive;
    private final Clock clock;

    OutboxArchiver(JdbcClient jdbc, EventArchive archive, Clock clock) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.clock = clock;
    }

    private record Row(long relayOrder, EventArchive.Archived event) {
    }

    private static final String UNARCHIVED = """
            SELECT relay_order, id, account_id, livemode, sequence, type, object_id, data::text AS data, created_at
            FROM events_outbox
            WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks)
            ORDER BY relay_order
            LIMIT :limit
            """;

    private static final String MARK = """
            INSERT INTO events_archive_marks (relay_order, archived_at)
            VALUES (:relayOrder, :now)
            ON CONFLICT (relay_order) DO NOTHING
            """;

    int archiveAll() {
        int total = 0;
        List<Row> rows;
        do {
            rows = jdbc.sql(UNARCHIVED).param("limit", BATCH)
                    .query((rs, n) -> {
                        Instant created = rs.getTimestamp("created_at").toInstant();
                        String id = rs.getString("id");
                        return new Row(rs.getLong("relay_order"), new EventArchive.Archived(id, rs.getString("account_id"),
                                rs.getBoolean("livemode"), rs.getLong("sequence"), rs.getString("type"), rs.getString("object_id"),
                                created, EventJson.render(id, rs.getString("type"), created, rs.getBoolean("livemode"),
                                        rs.getLong("sequence"), rs.getString("data"))));
                    })
                    .list();
            archive.save(rows.stream().map(Row::event).toList());
            if (!rows.isEmpty()) {
                jdbc.sql(MARK).param("relayOrder", rows.getLast().relayOrder())
                        .param("now", Timestamp.from(clock.instant())).update();
            }
            total += rows.size();
        } while (rows.size() == BATCH);
        return total;
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
     * are idempotent, so repeating them is safe. Returns how many events will be archived again.
     */
    int resyncSince(Instant since) {
        return jdbc.sql(RESYNC).param("since", Timestamp.from(since)).query(Integer.class).single();
    }

    private static final String PURGE = """
            WITH archived AS (
                SELECT coalesce(max(relay_order), 0) AS relay_order
                FROM events_archive_marks
                WHERE archived_at < :cutoff
            ), rows AS (
                DELETE FROM events_outbox
                WHERE relay_order <= (SELECT relay_order FROM archived)
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
        return jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).query(Integer.class).single();
    }
}
