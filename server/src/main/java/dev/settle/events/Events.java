package dev.settle.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.settle.events.internal.EventPump;
import dev.settle.platform.TraceContexts;
import dev.settle.platform.WriteBehind;
import dev.settle.shared.Ids;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records events in the outbox. Must be called inside the transaction that makes the change
 * it describes; it refuses to run outside one, so an event can never be written apart from
 * its cause.
 *
 * <p>The snapshot is serialized when the event is recorded; the rows of one transaction are
 * written in the order recorded, as deferred writes that go to PostgreSQL with the COMMIT
 * (no round trip of their own, however many events a state change raises).
 */
@Service
public class Events {

    private final WriteBehind writes;
    private final JsonMapper json;
    private final Clock clock;
    private final EventPump pump;
    private final TraceContexts traceContexts;

    Events(WriteBehind writes, JsonMapper json, Clock clock, EventPump pump, TraceContexts traceContexts) {
        this.traceContexts = traceContexts;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
        this.pump = pump;
    }

    /**
     * @param type     e.g. {@code payment_intent.succeeded}
     * @param objectId the id of the object the event is about
     * @param snapshot the object as the API shows it, serialized as {@code data.object}
     * @return the new event's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String record(Tenant tenant, String type, String objectId, Object snapshot) {
        return record(tenant, type, objectId, snapshot, clock.instant());
    }

    /**
     * As {@link #record(Tenant, String, String, Object)}, created at {@code now}: for a change made
     * under a test clock, whose events carry the clock's time, never the wall clock's.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String record(Tenant tenant, String type, String objectId, Object snapshot, Instant now) {
        String id = Ids.newTimeOrderedId("evt", now);
        pending().rows.add(new Row(id, tenant, type, objectId, json.writeValueAsString(snapshot), Timestamp.from(now),
                traceContexts.current()));
        return id;
    }

    private Pending pending() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    private record Row(String id, Tenant tenant, String type, String objectId, String data, Timestamp createdAt,
            @Nullable String traceparent) {
    }

    private static final String INSERT = """
            INSERT INTO events_outbox (id, account_id, livemode, type, object_id, data, created_at, traceparent)
            VALUES
            """;

    private static final String ROW = "(:id%1$d, :account%1$d, :livemode%1$d, :type%1$d, :object%1$d, CAST(:data%1$d AS json), :createdAt%1$d, :traceparent%1$d)";

    /** Rows per statement at most; a transaction's events are usually two. */
    private static final int ROWS_PER_INSERT = 16;

    /** {@link #INSERT} with {@code n} rows of values, by {@code n}. */
    private static final List<String> INSERTS = IntStream.rangeClosed(0, ROWS_PER_INSERT)
            .mapToObj(n -> INSERT + IntStream.range(0, n).mapToObj(ROW::formatted).collect(Collectors.joining(",\n")))
            .toList();

    /**
     * One transaction's events, written before it commits; the relay is woken after it
     * commits. Unbound while an inner transaction runs, so each transaction keeps its own.
     */
    private final class Pending implements TransactionSynchronization {

        private final List<Row> rows = new ArrayList<>();

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(Events.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(Events.this, this);
        }

        /**
         * The rows go with the transaction's other deferred writes and its COMMIT, in one round
         * trip, as one statement (of up to {@link #ROWS_PER_INSERT} rows): a statement costs the
         * server more than the rows it inserts.
         */
        @Override
        public void beforeCommit(boolean readOnly) {
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                WriteBehind.Write insert = writes.sql(INSERTS.get(chunk.size()));
                for (int i = 0; i < chunk.size(); i++) {
                    Row row = chunk.get(i);
                    insert.param("id" + i, row.id())
                            .param("account" + i, row.tenant().accountId())
                            .param("livemode" + i, row.tenant().livemode())
                            .param("type" + i, row.type())
                            .param("object" + i, row.objectId())
                            .param("data" + i, row.data())
                            .param("createdAt" + i, row.createdAt())
                            .param("traceparent" + i, row.traceparent());
                }
                insert.defer();
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Events.this);
            if (status == STATUS_COMMITTED) {
                pump.wake();
            }
        }
    }
}
