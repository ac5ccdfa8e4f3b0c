package dev.settle.platform.internal;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * Makes the embedded PostgreSQL's write-ahead log files in advance, once.
 *
 * <p>When a commit's WAL crosses into a segment file that does not exist yet, PostgreSQL creates
 * it (16 MB written as zeros, then synced) while holding the WAL write lock, so every commit on
 * the server waits for it: 50 to 150 ms on the benchmark VM, once per 16 MB of WAL, every six
 * seconds at 150 payments a second. A server that has run a while rarely does this, because each
 * checkpoint recycles old segment files as future ones; but a fresh cluster creates every one
 * until its first checkpoint, which comes after up to five minutes or 540 MB of WAL.
 *
 * <p>So on a cluster with fewer segment files than the reserve, this writes a tiny WAL record and
 * switches to the next segment until enough files exist, then checkpoints: PostgreSQL recycles
 * all of them as future segments, and {@code min_wal_size} (set to the reserve) keeps them.
 */
final class WalReserve {

    private static final Logger log = LoggerFactory.getLogger(WalReserve.class);

    private final JdbcClient jdbc;

    WalReserve(DataSource postgres) {
        this.jdbc = JdbcClient.create(postgres);
    }

    /** Segment files to make: none if the reserve is already there. */
    long missingSegments(DataSize reserve) {
        long wanted = (reserve.toBytes() + segmentBytes() - 1) / segmentBytes();
        return Math.max(0, wanted - segmentFiles());
    }

    /** Returns how many segment files it made. */
    long ensure(DataSize reserve) {
        long missing = missingSegments(reserve);
        if (missing == 0) {
            return 0;
        }
        log.info("Preparing {} MB of write-ahead log files ({} new), so that no commit waits for PostgreSQL to create one",
                reserve.toMegabytes(), missing);
        for (long i = 0; i < missing; i++) {
            switchSegment();
        }
        jdbc.sql("CHECKPOINT").update();
        return missing;
    }

    /** A switch needs WAL written since the last one; a non-transactional message is the smallest. */
    private void switchSegment() {
        jdbc.sql("SELECT pg_logical_emit_message(false, 'settle', 'wal reserve')").query(String.class).single();
        jdbc.sql("SELECT pg_switch_wal()").query(String.class).single();
    }

    long segmentFiles() {
        return jdbc.sql("SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'").query(Long.class).single();
    }

    private long segmentBytes() {
        return jdbc.sql("SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'").query(Long.class).single();
    }
}
