package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import dev.settle.support.SettleTest;

/**
 * The embedded server's WAL files are made in advance, once, and kept. The shared test database
 * runs without a reserve; each test gives it the settings Settle starts its embedded server with
 * for a reserve of the test's size (WalReserve.serverSettings) and takes them back after.
 */
@SettleTest
class WalReserveTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void makesTheMissingSegmentFilesAndKeepsThemAheadAfterItsCheckpoint() {
        WalReserve reserve = new WalReserve(dataSource);
        DataSize wanted = DataSize.ofMegabytes(16 * (reserve.segmentFiles() + 12));
        configureFor(wanted);
        assertThat(reserve.missingSegments(wanted)).isEqualTo(12);

        assertThat(reserve.ensure(wanted)).as("segments switched through").isGreaterThanOrEqualTo(12);

        assertThat(reserve.missingSegments(wanted)).as("segments still missing").isZero();
        String current = jdbc.sql("SELECT pg_walfile_name(pg_current_wal_lsn())").query(String.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_ls_waldir() WHERE name > ?").param(current).query(Long.class).single())
                .as("files recycled ahead of the current segment, ready for new WAL").isGreaterThanOrEqualTo(12);
    }

    @Test
    void aReserveThatIsThereAlreadyWritesNothing() {
        WalReserve reserve = new WalReserve(dataSource);
        DataSize present = DataSize.ofMegabytes(16 * reserve.segmentFiles());

        assertThat(reserve.ensure(present)).as("segments switched through").isZero();
    }

    /** The settings Settle starts its embedded server with for this reserve. */
    private void configureFor(DataSize reserve) {
        WalReserve.serverSettings(reserve)
                .forEach((name, value) -> jdbc.sql("ALTER SYSTEM SET " + name + " = '" + value + "'").update());
        reload();
    }

    @AfterEach
    void restoreSettings() {
        jdbc.sql("ALTER SYSTEM RESET min_wal_size").update();
        jdbc.sql("ALTER SYSTEM RESET max_wal_size").update();
        reload();
    }

    /** The checkpointer reads the new settings when it gets the reload signal, shortly after. */
    private void reload() {
        jdbc.sql("SELECT pg_reload_conf()").query(Boolean.class).single();
        dev.settle.support.Payments.sleep(300);
    }

}
