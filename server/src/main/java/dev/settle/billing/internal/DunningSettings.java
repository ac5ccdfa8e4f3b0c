package dev.settle.billing.internal;

import java.sql.Array;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.tenancy.Tenant;

/** An account's dunning schedule ({@code billing_settings}), or the configured default. */
@Component
class DunningSettings {

    record Schedule(List<Integer> retryDays, String afterFinalRetry) {
    }

    private final JdbcClient jdbc;
    private final BillingProperties properties;

    DunningSettings(JdbcClient jdbc, BillingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Schedule of(Tenant tenant) {
        return jdbc.sql("SELECT retry_days, after_final_retry FROM billing_settings WHERE account_id = :account AND livemode = :livemode")
                .param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query((rs, n) -> {
                    Array days = rs.getArray(1);
                    return new Schedule(Arrays.stream((Integer[]) days.getArray()).toList(), rs.getString(2));
                })
                .optional().orElse(new Schedule(properties.retryDays(), properties.afterFinalRetry()));
    }

    void save(Tenant tenant, Schedule schedule) {
        jdbc.sql("""
                INSERT INTO billing_settings (account_id, livemode, retry_days, after_final_retry)
                VALUES (:account, :livemode, CAST(:days AS int[]), :after)
                ON CONFLICT (account_id, livemode) DO UPDATE SET retry_days = EXCLUDED.retry_days,
                    after_final_retry = EXCLUDED.after_final_retry
                """).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("days", schedule.retryDays().toArray(Integer[]::new)).param("after", schedule.afterFinalRetry()).update();
    }
}
