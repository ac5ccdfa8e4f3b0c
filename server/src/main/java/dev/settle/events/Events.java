package dev.settle.events;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.settle.events.internal.EventPump;
import dev.settle.shared.Ids;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records events in the outbox. Must be called inside the transaction that makes the change
 * it describes; it refuses to run outside one, so an event can never be written apart from
 * its cause.
 */
@Service
public class Events {

    private static final Object WAKE_KEY = new Object();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final EventPump pump;

    Events(JdbcClient jdbc, JsonMapper json, Clock clock, EventPump pump) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.pump = pump;
    }

    private static final String INSERT = """
            INSERT INTO events_outbox (id, account_id, livemode, type, object_id, data, created_at)
            VALUES (:id, :account, :livemode, :type, :objectId, CAST(:data AS json), :createdAt)
            """;

    /**
     * @param type     e.g. {@code payment_intent.succeeded}
     * @param objectId the id of the object the event is about
     * @param snapshot the object as the API shows it, serialized as {@code data.object}
     * @return the new event's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String record(Tenant tenant, String type, String objectId, Object snapshot) {
        String id = Ids.newId("evt");
        jdbc.sql(INSERT)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("type", type)
                .param("objectId", objectId)
                .param("data", json.writeValueAsString(snapshot))
                .param("createdAt", Timestamp.from(clock.instant()))
                .update();
        wakeRelayAfterCommit();
        return id;
    }

    /** The relay starts as soon as this transaction commits (once per transaction). */
    private void wakeRelayAfterCommit() {
        if (TransactionSynchronizationManager.getResource(WAKE_KEY) == null) {
            TransactionSynchronizationManager.bindResource(WAKE_KEY, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_KEY);
                    if (status == STATUS_COMMITTED) {
                        pump.wake();
                    }
                }
            });
        }
    }
}
