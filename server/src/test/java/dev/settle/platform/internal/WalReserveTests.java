package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import dev.settle.support.SettleTest;

/** The embedded server's WAL files are made in advance, once, and kept. */
@SettleTest
class WalReserveTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void makesTheMissingSegmentFilesAndKeepsThemAsFutureSegments() {
        WalReserve reserve = new WalReserve(dataSource);
        long before = reserve.segmentFiles();
        DataSize wanted = DataSize.ofMegabytes(16 * (before + 3));
        assertThat(reserve.missingSegments(wanted)).isEqualTo(3);

        assertThat(reserve.ensure(wanted)).isEqualTo(3);

        assertThat(reserve.segmentFiles()).as("segment files after the reserve").isGreaterThanOrEqualTo(before + 3);
        assertThat(reserve.missingSegments(wanted)).isZero();
        String current = jdbc.sql("SELECT pg_walfile_name(pg_current_wal_lsn())").query(String.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_ls_waldir() WHERE name > ?").param(current).query(Long.class).single())
                .as("files recycled ahead of the current segment, ready for new WAL").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReserveThatIsThereAlreadyWritesNothing() {
        WalReserve reserve = new WalReserve(dataSource);
        DataSize present = DataSize.ofMegabytes(16 * reserve.segmentFiles());

        assertThat(reserve.ensure(present)).as("segments made").isZero();
    }
}
