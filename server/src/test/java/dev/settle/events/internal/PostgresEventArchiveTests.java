package dev.settle.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.SettleTest;
import dev.settle.tenancy.Tenant;

/**
 * The archive's contract on PostgreSQL (the store of every installation without MongoDB), and
 * its query plans: on an account of 30,000 events, each query shape reads its own index in order
 * — no sequential scan, no sort of the account's events.
 */
@SettleTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventArchiveTests extends EventArchiveContract {

    @Autowired
    EventArchive archive;

    @Autowired
    JdbcClient jdbc;

    private final Tenant big = newTenant();

    @Override
    EventArchive archive() {
        return archive;
    }

    /** 30,000 events in one account: 12 types, three events per object. */
    @BeforeAll
    void aBigAccount() {
        jdbc.sql("""
                INSERT INTO events_archive (account_id, livemode, sequence, event_id, type, object_id, created, payload)
                SELECT :account, false, s, 'evt_plan' || :account || s, 'type' || (s % 12) || '.happened', 'obj_' || (s / 3),
                       now() - (30000 - s) * interval '1 second', '{}'
                FROM generate_series(1, 30000) AS s
                """).param("account", big.accountId()).update();
        jdbc.sql("ANALYZE events_archive").update();
    }

    @Test
    void theListAndItsCursorsReadThePrimaryKeyInOrder() {
        assertThat(plan(query(List.of(), null), null, null)).contains("events_archive_pkey").doesNotContain("Sort", "Seq Scan");
        assertThat(plan(query(List.of(), null), 15_000L, null)).contains("events_archive_pkey").doesNotContain("Sort", "Seq Scan");
        assertThat(plan(query(List.of(), null), null, 15_000L)).contains("events_archive_pkey").doesNotContain("Sort", "Seq Scan");
    }

    @Test
    void typesReadTheTypeIndexOncePerType() {
        for (List<String> types : List.of(List.of("type3.happened"), List.of("type1.*"), List.of("type1.*", "type7.happened"))) {
            String plan = plan(query(types, null), 20_000L, null);
            assertThat(plan).as(types.toString()).contains("events_archive_type_idx").doesNotContain("Seq Scan", "Bitmap");
            // the merge sorts at most types x limit index entries, never the account's events
            assertThat(plan).doesNotContain("rows=30000", "rows=2500");
        }
    }

    @Test
    void anObjectReadsTheObjectIndex() {
        assertThat(plan(query(List.of(), "obj_4000"), null, null)).contains("events_archive_object_idx").doesNotContain("Sort", "Seq Scan");
        assertThat(plan(query(List.of("type1.*"), "obj_4000"), null, null)).contains("events_archive_object_idx")
                .doesNotContain("Sort", "Seq Scan");
    }

    @Test
    void oneEventByIdReadsTheUniqueIndex() {
        String plan = String.join("\n", jdbc.sql("EXPLAIN SELECT payload::text FROM events_archive WHERE event_id = :id "
                + "AND account_id = :account AND livemode = false").param("id", "evt_plan" + big.accountId() + "777")
                .param("account", big.accountId()).query(String.class).list());
        assertThat(plan).contains("events_archive_event_id_idx").doesNotContain("Seq Scan");
    }

    @Test
    void aCreatedRangeScansNoTable() {
        Instant now = Instant.now();
        assertThat(plan(new EventArchive.Query(List.of(), now.minusSeconds(600), now.minusSeconds(300), null), null, null))
                .doesNotContain("Seq Scan");
        assertThat(plan(new EventArchive.Query(List.of(), now.minusSeconds(3600), null, null), null, null)).doesNotContain("Seq Scan");
    }

    private static EventArchive.Query query(List<String> types, @Nullable String object) {
        return new EventArchive.Query(types, null, null, object);
    }

    private String plan(EventArchive.Query query, @Nullable Long before, @Nullable Long after) {
        PostgresEventArchive.Statement statement = ((PostgresEventArchive) archive).pageStatement(big, query, before, after, 11)
                .orElseThrow();
        return String.join("\n", jdbc.sql("EXPLAIN " + statement.sql()).params(statement.params()).query(String.class).list());
    }
}
