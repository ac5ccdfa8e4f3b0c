package dev.settle.observability.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pipeline's backlogs, read from the database with one statement of index-backed counts. A
 * scrape reads the last snapshot; a snapshot older than {@link #MAX_AGE} is replaced first, so the
 * database sees at most one such query per node every 10 s however often Prometheus scrapes, and
 * none at all when nobody does. Every node reports the same numbers (they are the database's).
 */
@Component
class BacklogGauges {

    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private record Snapshot(Map<String, Object> values, Instant at) {
    }

    private static final String BACKLOGS = """
            SELECT
                (SELECT count(*) FROM events_outbox WHERE sequence IS NULL) AS outbox_backlog,
                (SELECT coalesce(extract(epoch FROM (CAST(:now AS timestamptz) - min(created_at))), 0)
                 FROM events_outbox WHERE sequence IS NULL) AS outbox_oldest_seconds,
                (SELECT count(*) FROM events_outbox
                 WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks)) AS archive_lag,
                (SELECT count(*) FROM webhooks_deliveries WHERE status = 'pending') AS deliveries_pending,
                (SELECT count(*) FROM webhooks_deliveries
                 WHERE status = 'pending' AND next_attempt_at < CAST(:now AS timestamptz) - interval '1 minute') AS deliveries_overdue,
                (SELECT count(*) FROM payments_charges WHERE next_check_at <= CAST(:now AS timestamptz) AND NOT needs_review)
                  + (SELECT count(*) FROM refunds WHERE next_check_at <= CAST(:now AS timestamptz) AND NOT needs_review) AS janitor_backlog,
                (SELECT count(*) FROM payments_charges WHERE needs_review)
                  + (SELECT count(*) FROM refunds WHERE needs_review) AS needs_review
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(Map.of(), Instant.EPOCH));

    BacklogGauges(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        gauge(registry, "settle.outbox.backlog", "events written but not yet relayed", "outbox_backlog");
        gauge(registry, "settle.outbox.oldest.age", "seconds the oldest unrelayed event has waited", "outbox_oldest_seconds");
        gauge(registry, "settle.archive.lag", "events relayed but not yet archived in the document store", "archive_lag");
        gauge(registry, "settle.webhook.deliveries.pending", "webhook deliveries waiting for their next attempt", "deliveries_pending");
        gauge(registry, "settle.webhook.deliveries.overdue", "pending deliveries more than a minute past their time", "deliveries_overdue");
        gauge(registry, "settle.janitor.backlog", "charges and refunds whose outcome the janitor is due to ask for", "janitor_backlog");
        gauge(registry, "settle.needs.review", "charges and refunds the janitor gave up on, for a person to settle", "needs_review");
    }

    private void gauge(MeterRegistry registry, String name, String description, String column) {
        ToDoubleFunction<BacklogGauges> value = gauges -> gauges.read(column);
        Gauge.builder(name, this, value).description(description).register(registry);
    }

    private double read(String column) {
        Instant now = clock.instant();
        Snapshot snapshot = last.get();
        if (Duration.between(snapshot.at(), now).compareTo(MAX_AGE) > 0) {
            synchronized (this) {
                snapshot = last.get();
                if (Duration.between(snapshot.at(), now).compareTo(MAX_AGE) > 0) {
                    snapshot = new Snapshot(jdbc.sql(BACKLOGS).param("now", java.sql.Timestamp.from(now)).query().singleRow(), now);
                    last.set(snapshot);
                }
            }
        }
        return snapshot.values().get(column) instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
