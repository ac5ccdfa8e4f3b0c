package dev.settle.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/**
 * The archiver's watermark: events reach the archive in relay order, progress is one mark per
 * batch (not a write per event), a resync archives the recent ones again without duplicates, and retention drops only
 * what was archived before the cutoff. (Test classes run one after another, so the purge drops
 * only rows that earlier classes are done with.)
 */
@SettleTest
class OutboxArchiverTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxArchiver archiver;

    @Autowired
    EventPump pump;

    @Test
    void archivesEverythingRelayedAndRecordsHowFarItGot() {
        Api.Account account = api.newAccount();
        createCustomers(account, 7);
        pump.runOnce();

        assertThat(archived(account)).isEqualTo(7);
        assertThat(mark()).as("the mark covers every relayed event").isGreaterThanOrEqualTo(maxRelayOrder(account));
        assertThat(jdbc.sql("SELECT count(DISTINCT relay_order) FROM events_outbox WHERE account_id = :a")
                .param("a", account.id()).query(Long.class).single()).as("each event its own relay order").isEqualTo(7);
    }

    @Test
    void aResyncArchivesTheRecentEventsAgainWithoutDuplicates() {
        Api.Account account = api.newAccount();
        createCustomers(account, 5);
        pump.runOnce();
        Instant before = Instant.now().minusSeconds(3600);

        int again = archiver.resyncSince(before);

        assertThat(again).isGreaterThanOrEqualTo(5);
        assertThat(mark()).as("the mark moved back below this account's events").isLessThan(minRelayOrder(account));
        pump.runOnce();
        assertThat(archived(account)).isEqualTo(5);
        assertThat(mark()).isGreaterThanOrEqualTo(maxRelayOrder(account));
    }

    @Test
    void aBatchStartedBeforeAResyncDoesNotRecordItsMarkOverIt() {
        Api.Account account = api.newAccount();
        createCustomers(account, 4);
        pump.runOnce();
        long from = archiver.mark();

        int again = archiver.resyncSince(Instant.now().minusSeconds(3600));
        boolean recorded = archiver.markArchived(from, from + 1);

        assertThat(again).isGreaterThanOrEqualTo(4);
        assertThat(recorded).as("the batch began at a mark the resync has since moved back").isFalse();
        assertThat(mark()).as("the resync's mark stands").isLessThan(minRelayOrder(account));
        assertThat(archiver.markArchived(archiver.mark(), archiver.mark() + 1)).as("from the current mark it may").isTrue();
        archiver.resyncSince(Instant.now().minusSeconds(3600));
        pump.runOnce();
        assertThat(mark()).isGreaterThanOrEqualTo(maxRelayOrder(account));
        assertThat(archived(account)).isEqualTo(4);
    }

    /**
     * The relay archives each batch it commits from what it read: the batch is saved and marked
     * when the archive reaches its start; after a gap it is saved but not marked, and the
     * archiver fills the gap from the outbox.
     */
    @Test
    void aRelayedBatchIsArchivedFromTheRelaysOwnReadAndMarkedOnlyWithoutAGap() {
        pump.runOnce();
        // Relay orders no real event will take: the batches below stand for two relay batches.
        List<Long> orders = jdbc.sql("SELECT nextval('events_relay_order_seq') FROM generate_series(1, 4)").query(Long.class).list();
        jdbc.sql("INSERT INTO events_archive_marks (relay_order, archived_at) VALUES (:o, now()) ON CONFLICT DO NOTHING").param("o", orders.get(0) - 1)
                .update();
        String account = "acct_inline" + Instant.now().toEpochMilli();
        OutboxRelay.Batch gap = new OutboxRelay.Batch(orders.get(3), orders.get(3), List.of(archived(account, 2)));
        OutboxRelay.Batch next = new OutboxRelay.Batch(orders.get(0), orders.get(2), List.of(archived(account, 1)));

        assertThat(archiver.archiveRelayed(gap)).as("relay orders before it are not archived yet").isFalse();
        assertThat(archiver.mark()).isEqualTo(orders.get(0) - 1);
        assertThat(archiver.archiveRelayed(next)).isTrue();
        assertThat(archiver.mark()).isEqualTo(orders.get(2));
        assertThat(archived(account))
                .as("both saved, the one after the gap too").isEqualTo(2);
    }

    private static EventArchive.Archived archived(String account, long sequence) {
        return new EventArchive.Archived("evt_inline" + account + sequence, account, false, sequence, "test.archived", "obj_1",
                Instant.now(), "{}");
    }

    @Test
    void retentionDropsOnlyRowsArchivedBeforeTheCutoff() {
        Api.Account old = api.newAccount();
        createCustomers(old, 3);
        pump.runOnce();
        Instant cutoff = Instant.now();
        sleep(50);
        Api.Account recent = api.newAccount();
        createCustomers(recent, 2);
        pump.runOnce();

        int purged = archiver.purgeArchivedBefore(cutoff);

        assertThat(purged).isGreaterThanOrEqualTo(3);
        assertThat(outboxRows(old)).isZero();
        assertThat(outboxRows(recent)).as("archived after the cutoff: kept").isEqualTo(2);
        assertThat(mark()).as("the greatest mark stays").isGreaterThanOrEqualTo(maxRelayOrder(recent));
        assertThat(archived(old)).as("the archive keeps its own retention").isEqualTo(3);
    }

    private void createCustomers(Api.Account account, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(api.post("/v1/customers", account.testKey(), "{\"email\":\"c" + i + "@example.com\"}").status()).isEqualTo(200);
        }
    }

    private long archived(Api.Account account) {
        return archived(account.id());
    }

    private long archived(String account) {
        return jdbc.sql("SELECT count(*) FROM events_archive WHERE account_id = :a").param("a", account).query(Long.class).single();
    }

    private long mark() {
        return jdbc.sql("SELECT coalesce(max(relay_order), 0) FROM events_archive_marks").query(Long.class).single();
    }

    private long maxRelayOrder(Api.Account account) {
        return jdbc.sql("SELECT max(relay_order) FROM events_outbox WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single();
    }

    private long minRelayOrder(Api.Account account) {
        return jdbc.sql("SELECT min(relay_order) FROM events_outbox WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single();
    }

    private long outboxRows(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM events_outbox WHERE account_id = :a").param("a", account.id()).query(Long.class).single();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
