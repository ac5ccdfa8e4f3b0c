package dev.settle.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.settle.events.internal.EventPump;
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

    Events(WriteBehind writes, JsonMapper json, Clock clock, EventPump pump) {
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
        Instant now = clock.instant();
        String id = Ids.newTimeOrderedId("evt", now);
        pending().rows.add(new Row(id, tenant, type, objectId, json.writeValueAsString(snapshot), Timestamp.from(now)));
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

    private record Row(String id, Tenant tenant, String type, String objectId, String data, Timestamp createdAt) {
    }

    private static final String INSERT = """
            INSERT INTO events_outbox (id, account_id, livemode, type, object_id, data, created_at)
            VALUES (:id, :account, :livemode, :type, :object, CAST(:data AS json), :createdAt)
            """;

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

        /** The rows go with the transaction's other deferred writes and its COMMIT, in one round trip. */
        @Override
        public void beforeCommit(boolean readOnly) {
            for (Row row : rows) {
                writes.sql(INSERT)
                        .param("id", row.id())
                        .param("account", row.tenant().accountId())
                        .param("livemode", row.tenant().livemode())
                        .param("type", row.type())
                        .param("object", row.objectId())
                        .param("data", row.data())
                        .param("createdAt", row.createdAt())
                        .defer();
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
