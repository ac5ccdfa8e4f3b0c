package dev.settle.billing.internal;

import static dev.settle.billing.internal.SubscriptionRepository.instant;
import static dev.settle.billing.internal.SubscriptionRepository.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.catalog.Recurring;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;

/** The {@code billing_test_clocks} table. */
@Repository
class TestClockRepository {

    private final JdbcClient jdbc;

    TestClockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TestClock clock) {
        jdbc.sql("""
                INSERT INTO billing_test_clocks (id, account_id, livemode, name, frozen_time, target_time, status, created_at)
                VALUES (:id, :account, false, :name, :frozen, :frozen, 'ready', :created)
                """).param("id", clock.id()).param("account", clock.accountId()).param("name", clock.name())
                .param("frozen", ts(clock.frozenTime())).param("created", ts(clock.created())).update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, name, frozen_time, target_time, status, created_at FROM billing_test_clocks
            """;

    Optional<TestClock> find(Tenant tenant, String id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode AND deleted_at IS NULL")
                .param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode()).query(this::map).optional();
    }

    Optional<TestClock> findForUpdate(Tenant tenant, String id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode AND deleted_at IS NULL FOR UPDATE")
                .param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode()).query(this::map).optional();
    }

    Optional<TestClock> lockById(String id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id AND deleted_at IS NULL FOR UPDATE").param("id", id).query(this::map).optional();
    }

    List<String> advancing() {
        return jdbc.sql("SELECT id FROM billing_test_clocks WHERE status = 'advancing' AND deleted_at IS NULL ORDER BY created_at")
                .query(String.class).list();
    }

    void advance(String id, Instant target) {
        jdbc.sql("UPDATE billing_test_clocks SET status = 'advancing', target_time = :target WHERE id = :id")
                .param("id", id).param("target", ts(target)).update();
    }

    void freeze(String id, Instant frozen, String status) {
        jdbc.sql("UPDATE billing_test_clocks SET frozen_time = :frozen, status = :status WHERE id = :id")
                .param("id", id).param("frozen", ts(frozen)).param("status", status).update();
    }

    void delete(String id, Instant now) {
        jdbc.sql("UPDATE billing_test_clocks SET deleted_at = :now WHERE id = :id").param("id", id).param("now", ts(now)).update();
    }

    List<TestClock> list(Tenant tenant, ListParams params) {
        return Keyset.bind(jdbc.sql(COLUMNS + "WHERE account_id = :account AND livemode = :livemode AND deleted_at IS NULL\n" + Keyset.PAGE)
                .param("account", tenant.accountId()).param("livemode", tenant.livemode()),
                params, "test_clock", id -> find(tenant, id).map(TestClock::created)).query(this::map).list();
    }

    /** The distinct billing intervals of the clock's live subscriptions. */
    List<Recurring> intervals(String clock) {
        return jdbc.sql("""
                SELECT DISTINCT recur_interval, interval_count FROM billing_subscriptions
                WHERE test_clock_id = :clock AND next_action_at IS NOT NULL
                """).param("clock", clock)
                .query((rs, n) -> new Recurring(Recurring.Interval.of(rs.getString(1)), rs.getInt(2))).list();
    }

    private TestClock map(ResultSet rs, int row) throws SQLException {
        return new TestClock(rs.getString("id"), rs.getString("account_id"), rs.getString("name"), instant(rs, "frozen_time"),
                instant(rs, "target_time"), rs.getString("status"), instant(rs, "created_at"));
    }
}
