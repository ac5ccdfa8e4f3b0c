package dev.settle.webhooks.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.Payments;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.payments.spi.WebhookVerificationException;
import dev.settle.refunds.Refunds;
import dev.settle.shared.ConflictException;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ResourceNotFoundException;

/**
 * Receives a processor's webhook: verify the signature on the raw bytes, then in one
 * transaction record the event (its id is unique, so a redelivery does nothing) and apply its
 * effect. If the effect fails, the record rolls back too and the processor's retry is processed.
 */
@Service
class InboundWebhooks {

    enum Result {
        PROCESSED, DUPLICATE
    }

    private final Payments payments;
    private final Refunds refunds;
    private final JdbcClient jdbc;
    private final Clock clock;

    InboundWebhooks(Payments payments, Refunds refunds, JdbcClient jdbc, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String RECORD = """
            INSERT INTO webhooks_inbound_events (processor, event_id, type, object_id, payload, received_at)
            VALUES (:processor, :eventId, :type, :objectId, :payload, :receivedAt)
            ON CONFLICT (processor, event_id) DO NOTHING
            """;

    @Transactional
    Result receive(String processor, Map<String, String> headers, byte[] rawBody) {
        ProcessorConnector connector = payments.connector(processor)
                .orElseThrow(() -> new ResourceNotFoundException("processor", processor, null));
        ProcessorEvent event;
        try {
            event = connector.parseWebhook(headers, rawBody);
        } catch (WebhookVerificationException e) {
            throw new InvalidRequestException(e.code(), e.getMessage(), null);
        }
        int recorded = jdbc.sql(RECORD)
                .param("processor", processor)
                .param("eventId", event.id())
                .param("type", event.type())
                .param("objectId", event.objectReference())
                .param("payload", event.rawBody())
                .param("receivedAt", Timestamp.from(clock.instant()))
                .update();
        if (recorded == 0) {
            return Result.DUPLICATE;
        }
        boolean handled = event.objectType().equals("refund") ? refunds.handle(processor, event) : payments.handle(processor, event);
        if (!handled) {
            throw new ConflictException("unknown_object",
                    "Settle does not (yet) know " + event.objectReference() + "; deliver this event again later.", null);
        }
        return Result.PROCESSED;
    }
}
