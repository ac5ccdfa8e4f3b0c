package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which document store the archiver's watermark refers to ({@code events_archive_store}, one
 * row). The watermark says how far the outbox has been copied into the archive; if the archive now
 * lives elsewhere — the first start of a version that keeps it in PostgreSQL rather than in the
 * embedded Mongo-compatible store, or a move between PostgreSQL and MongoDB — the new store has
 * none of it, and the outbox must be archived again from the start.
 */
@Component
class ArchiveStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    ArchiveStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String CURRENT = "SELECT store FROM events_archive_store";

    /** The store the watermark refers to, if any was recorded. */
    Optional<String> recorded() {
        return jdbc.sql(CURRENT).query(String.class).optional();
    }

    private static final String RECORD = """
            INSERT INTO events_archive_store (id, store, since)
            VALUES (true, :store, :now)
            ON CONFLICT (id) DO UPDATE
            SET store = excluded.store,
                since = excluded.since
            """;

    void record(String store) {
        jdbc.sql(RECORD).param("store", store).param("now", Timestamp.from(clock.instant())).update();
    }
}
