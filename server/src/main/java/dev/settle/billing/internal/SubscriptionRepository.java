package dev.settle.billing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.catalog.Recurring;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code billing_subscriptions} and {@code billing_subscription_items} tables. */
@Repository
class SubscriptionRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SubscriptionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String INSERT = """
            INSERT INTO billing_subscriptions (id, account_id, livemode, customer_id, test_clock_id, status, currency, recur_interval,
                interval_count, billing_cycle_anchor, period_index, current_period_start, current_period_end, trial_start, trial_end,
                cancel_at_period_end, cancel_at, canceled_at, ended_at, collection_method, days_until_due, pause_behavior,
                latest_invoice_id, metadata, next_action_at, created_at)
            VALUES (:id, :account, :livemode, :customer, :clock, :status, :currency, :interval, :intervalCount, :anchor, :periodIndex,
                :periodStart, :periodEnd, :trialStart, :trialEnd, :cancelAtPeriodEnd, :cancelAt, :canceledAt, :endedAt,
                :collectionMethod, :daysUntilDue, :pauseBehavior, :latestInvoice, CAST(:metadata AS jsonb), :nextActionAt, :created)
            """;

    void insert(Subscription sub) {
        bind(jdbc.sql(INSERT), sub)
                .param("account", sub.accountId())
                .param("livemode", sub.livemode())
                .param("customer", sub.customerId())
                .param("clock", sub.testClockId())
                .param("currency", sub.currency().code())
                .param("interval", sub.recurring().interval().code())
                .param("intervalCount", sub.recurring().intervalCount())
                .param("anchor", ts(sub.anchor()))
                .param("trialStart", ts(sub.trialStart()))
                .param("trialEnd", ts(sub.trialEnd()))
                .param("created", ts(sub.created()))
                .update();
        replaceItems(sub);
    }

    private static final String UPDATE = """
            UPDATE billing_subscriptions
            SET status = :status, period_index = :periodIndex, current_period_start = :periodStart, current_period_end = :periodEnd,
                cancel_at_period_end = :cancelAtPeriodEnd, cancel_at = :cancelAt, canceled_at = :canceledAt, ended_at = :endedAt,
                collection_method = :collectionMethod, days_until_due = :daysUntilDue, pause_behavior = :pauseBehavior,
                latest_invoice_id = :latestInvoice, metadata = CAST(:metadata AS jsonb), next_action_at = :nextActionAt
            WHERE id = :id
            """;

    void update(Subscription sub) {
        bind(jdbc.sql(UPDATE), sub).update();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Subscription sub) {
        return statement
                .param("id", sub.id())
                .param("status", sub.status())
                .param("periodIndex", sub.periodIndex())
                .param("periodStart", ts(sub.periodStart()))
                .param("periodEnd", ts(sub.periodEnd()))
                .param("cancelAtPeriodEnd", sub.cancelAtPeriodEnd())
                .param("cancelAt", ts(sub.cancelAt()))
                .param("canceledAt", ts(sub.canceledAt()))
                .param("endedAt", ts(sub.endedAt()))
                .param("collectionMethod", sub.collectionMethod())
                .param("daysUntilDue", sub.daysUntilDue())
                .param("pauseBehavior", sub.pauseBehavior())
                .param("latestInvoice", sub.latestInvoiceId())
                .param("metadata", json.writeValueAsString(sub.metadata()))
                .param("nextActionAt", ts(sub.nextActionAt()));
    }

    void replaceItems(Subscription sub) {
        jdbc.sql("DELETE FROM billing_subscription_items WHERE subscription_id = :id").param("id", sub.id()).update();
        for (int i = 0; i < sub.items().size(); i++) {
            Subscription.Item item = sub.items().get(i);
            jdbc.sql("""
                    INSERT INTO billing_subscription_items (id, subscription_id, price_id, quantity, position, created_at)
                    VALUES (:id, :sub, :price, :quantity, :position, :created)
                    """).param("id", item.id()).param("sub", sub.id()).param("price", item.priceId())
                    .param("quantity", item.quantity()).param("position", i).param("created", ts(sub.created())).update();
        }
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, customer_id, test_clock_id, status, currency, recur_interval, interval_count,
                   billing_cycle_anchor, period_index, current_period_start, current_period_end, trial_start, trial_end,
                   cancel_at_period_end, cancel_at, canceled_at, ended_at, collection_method, days_until_due, pause_behavior,
                   latest_invoice_id, metadata, next_action_at, created_at
            FROM billing_subscriptions
            """;

    Optional<Subscription> find(Tenant tenant, String id) {
        return one(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode", tenant, id);
    }

    Optional<Subscription> findForUpdate(Tenant tenant, String id) {
        return one(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode FOR UPDATE", tenant, id);
    }

    private Optional<Subscription> one(String sql, Tenant tenant, String id) {
        return withItems(jdbc.sql(sql).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).list()).stream().findFirst();
    }

    /**
     * Up to {@code limit} subscriptions of the scope whose next action is due, oldest due first.
     * No row locks: the renewal's claim is its invoice's insert, which the unique index
     * (subscription, period start) lets through once.
     */
    List<Subscription> due(Scope scope, int limit) {
        return withItems(jdbc.sql(COLUMNS + "WHERE " + scope.condition() + """
                 AND next_action_at IS NOT NULL AND next_action_at <= :now
                ORDER BY next_action_at, id
                LIMIT :limit
                """).param("clock", scope.testClock()).param("now", ts(scope.now())).param("limit", limit).query(this::map).list());
    }

    List<Subscription> liveOnTestClock(String clock) {
        return withItems(jdbc.sql(COLUMNS + """
                WHERE test_clock_id = :clock AND status NOT IN ('canceled', 'incomplete_expired') FOR UPDATE
                """).param("clock", clock).query(this::map).list());
    }

    /**
     * Moves the subscription to its next period in one statement, keeping whatever else changed
     * meanwhile (a cancel_at_period_end set through the API, say), and returns the row as it now is.
     * A trial ends here: trialing becomes active.
     */
    Subscription renewTo(Subscription sub, long index, Instant start, Instant end, String invoice) {
        Subscription renewed = jdbc.sql("""
                UPDATE billing_subscriptions
                SET status = CASE WHEN status = 'trialing' THEN 'active' ELSE status END,
                    period_index = :index, current_period_start = :start, current_period_end = :end, latest_invoice_id = :invoice,
                    next_action_at = CASE WHEN status IN ('canceled', 'incomplete_expired') THEN NULL
                                          WHEN cancel_at IS NOT NULL AND cancel_at < :end THEN cancel_at
                                          WHEN NOT cancel_at_period_end AND CAST(:notice AS timestamptz) > :start THEN :notice
                                          ELSE :end END
                WHERE id = :id
                RETURNING id, account_id, livemode, customer_id, test_clock_id, status, currency, recur_interval, interval_count,
                          billing_cycle_anchor, period_index, current_period_start, current_period_end, trial_start, trial_end,
                          cancel_at_period_end, cancel_at, canceled_at, ended_at, collection_method, days_until_due, pause_behavior,
                          latest_invoice_id, metadata, next_action_at, created_at
                """).param("id", sub.id()).param("index", index).param("start", ts(start)).param("end", ts(end))
                .param("notice", ts(end.minus(Subscription.UPCOMING_NOTICE))).param("invoice", invoice).query(this::map).single();
        return renewed.withItems(sub.items(), renewed.metadata());
    }

    /** Claims the invoice.upcoming notice of the subscription's current period: true the first time only. */
    boolean claimUpcomingNotice(String subscription, Instant periodStart, Instant at) {
        return jdbc.sql("""
                INSERT INTO billing_upcoming_notices (subscription_id, period_start, sent_at) VALUES (:id, :start, :at)
                ON CONFLICT DO NOTHING
                """).param("id", subscription).param("start", ts(periodStart)).param("at", ts(at)).update() == 1;
    }

    /** Claims the subscription's trial notice: true the first time only. */
    boolean claimTrialNotice(String subscription, Instant at) {
        return jdbc.sql("INSERT INTO billing_trial_notices (subscription_id, sent_at) VALUES (:id, :at) ON CONFLICT DO NOTHING")
                .param("id", subscription).param("at", ts(at)).update() == 1;
    }

    void setNextAction(String subscription, Instant at) {
        jdbc.sql("UPDATE billing_subscriptions SET next_action_at = :at WHERE id = :id").param("id", subscription).param("at", ts(at))
                .update();
    }

    @Nullable Instant nextDue(String clock) {
        return jdbc.sql("SELECT min(next_action_at) FROM billing_subscriptions WHERE test_clock_id = :clock")
                .param("clock", clock).query((rs, n) -> java.util.Optional.ofNullable(instant(rs, 1))).single().orElse(null);
    }

    record Filter(@Nullable String customer, @Nullable String status) {
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account AND livemode = :livemode
              AND (CAST(:customer AS text) IS NULL OR customer_id = CAST(:customer AS text))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            """ + Keyset.PAGE;

    List<Subscription> list(Tenant tenant, ListParams params, Filter filter) {
        return withItems(Keyset.bind(jdbc.sql(LIST).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("customer", filter.customer()).param("status", filter.status()),
                params, "subscription", id -> find(tenant, id).map(Subscription::created)).query(this::map).list());
    }

    private List<Subscription> withItems(List<Subscription> subs) {
        if (subs.isEmpty()) {
            return subs;
        }
        Map<String, List<Subscription.Item>> items = new LinkedHashMap<>();
        subs.forEach(sub -> items.put(sub.id(), new ArrayList<>()));
        jdbc.sql("""
                SELECT subscription_id, id, price_id, quantity FROM billing_subscription_items
                WHERE subscription_id = ANY (CAST(:ids AS text[])) ORDER BY subscription_id, position
                """).param("ids", items.keySet().toArray(String[]::new))
                .query(rs -> {
                    items.get(rs.getString(1)).add(new Subscription.Item(rs.getString(2), rs.getString(3), rs.getLong(4)));
                });
        return subs.stream().map(sub -> sub.withItems(List.copyOf(items.get(sub.id())), sub.metadata())).toList();
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        int daysUntilDue = rs.getInt("days_until_due");
        Integer days = rs.wasNull() ? null : daysUntilDue;
        return new Subscription(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("customer_id"),
                rs.getString("test_clock_id"), rs.getString("status"), CurrencyUnit.of(rs.getString("currency")),
                new Recurring(Recurring.Interval.of(rs.getString("recur_interval")), rs.getInt("interval_count")),
                instant(rs, "billing_cycle_anchor"), rs.getLong("period_index"), instant(rs, "current_period_start"),
                instant(rs, "current_period_end"), instant(rs, "trial_start"), instant(rs, "trial_end"),
                rs.getBoolean("cancel_at_period_end"), instant(rs, "cancel_at"), instant(rs, "canceled_at"), instant(rs, "ended_at"),
                rs.getString("collection_method"), days, rs.getString("pause_behavior"), rs.getString("latest_invoice_id"),
                json.readValue(rs.getString("metadata"), STRING_MAP), instant(rs, "next_action_at"), instant(rs, "created_at"), List.of());
    }

    static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
