package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Copies relayed events to the MongoDB archive, then marks them archived in PostgreSQL. A crash
 * between the two writes the same documents again next time (upserts by event id), so every
 * relayed event reaches the archive exactly once in effect, and MongoDB being down delays the
 * archive without blocking payments or webhooks.
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

    private record Row(long position, EventArchive.Archived event) {
    }

    private static final String UNARCHIVED = """
            SELECT position, id, account_id, livemode, sequence, type, object_id, data::text AS data, created_at
            FROM events_outbox
            WHERE sequence IS NOT NULL
              AND archived_at IS NULL
            ORDER BY position
            LIMIT :limit
            """;

    private static final String MARK = """
            UPDATE events_outbox
            SET archived_at = :now
            WHERE position = ANY(CAST(:positions AS bigint[]))
            """;

    int archiveAll() {
        int total = 0;
        List<Row> rows;
        do {
            rows = jdbc.sql(UNARCHIVED).param("limit", BATCH)
                    .query((rs, n) -> {
                        Instant created = rs.getTimestamp("created_at").toInstant();
                        String id = rs.getString("id");
                        return new Row(rs.getLong("position"), new EventArchive.Archived(id, rs.getString("account_id"),
                                rs.getBoolean("livemode"), rs.getLong("sequence"), rs.getString("type"), rs.getString("object_id"),
                                created, EventJson.render(id, rs.getString("type"), created, rs.getBoolean("livemode"),
                                        rs.getLong("sequence"), rs.getString("data"))));
                    })
                    .list();
            archive.save(rows.stream().map(Row::event).toList());
            if (!rows.isEmpty()) {
                jdbc.sql(MARK).param("positions", rows.stream().map(Row::position).toArray(Long[]::new))
                        .param("now", Timestamp.from(clock.instant())).update();
            }
            total += rows.size();
        } while (rows.size() == BATCH);
        return total;
    }

    private static final String RESYNC = """
            UPDATE events_outbox
            SET archived_at = NULL
            WHERE archived_at > :since
            """;

    /**
     * Archives the most recently archived events again. Run at start-up: a store that
     * acknowledges writes before they reach disk (the embedded one syncs about once a second) may
     * have lost the last ones in a crash; the writes are idempotent, so repeating them is safe.
     */
    int resyncSince(Instant since) {
        return jdbc.sql(RESYNC).param("since", Timestamp.from(since)).update();
    }

    private static final String PURGE = """
            DELETE FROM events_outbox
            WHERE archived_at < :cutoff
            """;

    /** Drops outbox rows long relayed and archived; the archive and deliveries have what they need. */
    int purgeArchivedBefore(Instant cutoff) {
        return jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).update();
    }
}
