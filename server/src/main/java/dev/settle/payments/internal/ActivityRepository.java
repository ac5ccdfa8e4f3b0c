package dev.settle.payments.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.payments.PaymentActivity;
import dev.settle.payments.RecentFailure;
import dev.settle.tenancy.Tenant;

/** Read-only summaries of charge attempts for the dashboard's home page, on the account/day index. */
@Repository
public class ActivityRepository {

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String DAILY = """
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, currency,
                   count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0) AS volume
            FROM payments_charges
            WHERE account_id = :account
              AND livemode = :livemode
              AND created_at >= :since
            GROUP BY 1, 2
            ORDER BY 1, 2
            """;

    public List<PaymentActivity> daily(Tenant tenant, Instant since) {
        return jdbc.sql(DAILY).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new PaymentActivity(rs.getDate("day").toLocalDate(), rs.getString("currency"),
                        rs.getLong("succeeded"), rs.getLong("failed"), rs.getLong("volume")))
                .list();
    }

    private static final String FAILURES = """
            SELECT payment_intent_id, id, amount, currency, failure_code, failure_message, created_at
            FROM payments_charges
            WHERE account_id = :account
              AND livemode = :livemode
              AND created_at >= :since
              AND status = 'failed'
            ORDER BY created_at DESC, id DESC
            LIMIT :limit
            """;

    public List<RecentFailure> recentFailures(Tenant tenant, Instant since, int limit) {
        return jdbc.sql(FAILURES).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("since", Timestamp.from(since)).param("limit", limit)
                .query((rs, n) -> new RecentFailure(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
