package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * Moves committed events out of the outbox, in batches, each batch one transaction:
 * <ol>
 * <li>take the cluster-wide relay lock (a PostgreSQL advisory lock held to commit), so one node
 *     relays at a time and sequences are handed out in one order;</li>
 * <li>read the events not yet relayed, in outbox order — only committed rows are visible, so a
 *     transaction that commits late is relayed in a later batch, after those committed before it;</li>
 * <li>give each its next sequence number for its account and mode, mark it relayed with its
 *     relay order (one global sequence, drawn under the lock, so a larger relay order always
 *     commits after a smaller one: the archiver's watermark relies on it), and publish
 *     {@link EventsRelayed} for the batch, whose listeners (webhook deliveries) write in this same transaction.</li>
 * </ol>
 * Sequence numbers therefore strictly increase per account and mode in commit order, and an event
 * is relayed, with everything that depends on it, exactly once.
 */
@Component
class OutboxRelay {

    static final long RELAY_LOCK = 0x5e771e_0001L;
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final ObservationRegistry observations;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher publisher, Clock clock,
            ObservationRegistry observations) {
        this.observations = observations;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * A committed relay batch: its events as archived, which carry relay orders {@code from} to
     * {@code to} (consecutive: drawn in one statement under the relay lock).
     */
    record Batch(long from, long to, List<EventArchive.Archived> events) {
    }

    /** Relays everything committed so far, handing each batch to {@code relayed} once it has committed; returns how many events. */
    int relayAll(Consumer<Batch> relayed) {
        int total = 0;
        Batch batch;
        do {
            batch = Observation.createNotStarted("settle.events.relay", observations).contextualName("relay batch")
                    .observe(() -> transactions.execute(status -> relayBatch()));
            if (batch == null) {
                break;
            }
            relayed.accept(batch);
            total += batch.events().size();
        } while (batch.events().size() == BATCH);
        return total;
    }

    private record Row(long position, String id, String accountId, boolean livemode, String type, String objectId, String data,
            Instant created, @Nullable String traceparent) {
    }

    private static final String LOCK = "SELECT pg_advisory_xact_lock(:lock)";

    private static final String UNRELAYED = """
            SELECT position, id, account_id, livemode, type, object_id, data::text AS data, created_at, traceparent
            FROM events_outbox
            WHERE sequence IS NULL
            ORDER BY position
            LIMIT :limit
            """;

    private static final String RESERVE_SEQUENCES = """
            INSERT INTO events_sequences (account_id, livemode, last)
            VALUES (:account, :livemode, :count)
            ON CONFLICT (account_id, livemode) DO UPDATE
            SET last = events_sequences.last + :count
            RETURNING last
            """;

    private static final String MARK = """
            WITH marked AS (
                UPDATE events_outbox AS o
                SET sequence = m.sequence,
                    relayed_at = :now,
                    relay_order = nextval('events_relay_order_seq')
                FROM unnest(CAST(:positions AS bigint[]), CAST(:sequences AS bigint[])) AS m(position, sequence)
                WHERE o.position = m.position
                RETURNING o.relay_order
            )
            SELECT min(relay_order), max(relay_order)
            FROM marked
            """;

    private @Nullable Batch relayBatch() {
        jdbc.sql(LOCK).param("lock", RELAY_LOCK).query((rs, n) -> 1).list();
        List<Row> rows = jdbc.sql(UNRELAYED).param("limit", BATCH)
                .query((rs, n) -> new Row(rs.getLong("position"), rs.getString("id"), rs.getString("account_id"),
                        rs.getBoolean("livemode"), rs.getString("type"), rs.getString("object_id"), rs.getString("data"),
                        rs.getTimestamp("created_at").toInstant(), rs.getString("traceparent")))
                .list();
        if (rows.isEmpty()) {
            return null;
        }
        Map<Tenant, List<Row>> byTenant = new LinkedHashMap<>();
        for (Row row : rows) {
            byTenant.computeIfAbsent(new Tenant(new AccountId(row.accountId()), row.livemode()), t -> new ArrayList<>()).add(row);
        }
        List<Long> positions = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        List<EventRelayed> relayed = new ArrayList<>();
        List<EventArchive.Archived> archived = new ArrayList<>();
        byTenant.forEach((tenant, events) -> {
            long last = jdbc.sql(RESERVE_SEQUENCES).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                    .param("count", events.size()).query(Long.class).single();
            long next = last - events.size() + 1;
            for (Row row : events) {
                long sequence = next++;
                positions.add(row.position());
                sequences.add(sequence);
                String payload = EventJson.render(row.id(), row.type(), row.created(), tenant.livemode(), sequence, row.data());
                relayed.add(new EventRelayed(row.id(), tenant, sequence, row.type(), row.objectId(), payload, row.created(),
                        row.traceparent()));
                archived.add(new EventArchive.Archived(row.id(), tenant.accountId(), tenant.livemode(), sequence, row.type(),
                        row.objectId(), row.created(), payload));
            }
        });
        long[] relayOrders = jdbc.sql(MARK)
                .param("positions", positions.toArray(Long[]::new))
                .param("sequences", sequences.toArray(Long[]::new))
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list().getFirst();
        publisher.publishEvent(new EventsRelayed(relayed));
        return new Batch(relayOrders[0], relayOrders[1], archived);
    }
}
