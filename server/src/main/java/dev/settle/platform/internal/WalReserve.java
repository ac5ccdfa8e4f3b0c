package dev.settle.platform.internal;

import java.util.Map;

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

    /**
     * The server settings that keep a reserve: {@code min_wal_size} at least the reserve (and two
     * segments, PostgreSQL's minimum), and {@code max_wal_size} twice it. A checkpoint starts after
     * {@code max_wal_size / 1.9} of WAL and keeps no more files ahead than that: with 1 GB of
     * each, 34 files of 64 stayed.
     */
    static Map<String, String> serverSettings(DataSize reserve) {
        if (reserve.toBytes() <= 0) {
            return Map.of();
        }
        long megabytes = Math.max(32, reserve.toMegabytes());
        return Map.of("min_wal_size", megabytes + "MB", "max_wal_size", Math.max(1024, 2 * megabytes) + "MB");
    }

    /** Segment files to make: none if the reserve is already there. */
    long missingSegments(DataSize reserve) {
        return Math.max(0, segmentsFor(reserve) - segmentFiles());
    }

    private long segmentsFor(DataSize reserve) {
        long segment = segmentBytes();
        return (reserve.toBytes() + segment - 1) / segment;
    }

    /**
     * Returns how many segments it switched through. A switch into a file that is already there
     * (recycled) adds none, so it switches until enough files exist, whatever checkpoints the
     * switches themselves start on the way (one after {@code max_wal_size / 1.9} of WAL).
     */
    long ensure(DataSize reserve) {
        long wanted = segmentsFor(reserve);
        long missing = wanted - segmentFiles();
        if (missing <= 0) {
            return 0;
        }
        log.info("Preparing {} MB of write-ahead log files ({} new), so that no commit waits for PostgreSQL to create one",
                reserve.toMegabytes(), missing);
        long switched = 0;
        while (segmentFiles() < wanted && switched < 4 * wanted) {
            switchSegment();
            switched++;
        }
        jdbc.sql("CHECKPOINT").update();
        missing = wanted - segmentFiles();
        if (missing > 0) {
            log.warn("{} write-ahead log files short of the reserve: is min_wal_size below it?", missing);
        }
        return switched;
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
