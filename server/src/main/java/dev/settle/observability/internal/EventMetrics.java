package dev.settle.observability.internal;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts what the relay hands on, once per event across the cluster (the relay runs on one node
 * at a time) and only once its batch committed: events by type, payments (charges) by outcome,
 * currency and processor, refunds by outcome (created, succeeded, failed) and currency.
 */
@Component
class EventMetrics {

    /** Refunds by the event that marks each outcome once: refund.updated also follows metadata changes. */
    private static final java.util.Map<String, String> REFUND_OUTCOMES = java.util.Map.of("refund.created", "created",
            "charge.refunded", "succeeded", "refund.failed", "failed");

    private final MeterRegistry registry;
    private final JsonMapper json;

    EventMetrics(MeterRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @EventListener
    void relayed(EventsRelayed batch) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(batch.events());
                }
            });
        } else {
            count(batch.events());
        }
    }

    private void count(List<EventRelayed> events) {
        for (EventRelayed event : events) {
            String mode = event.tenant().livemode() ? "live" : "test";
            registry.counter("settle.events.relayed", "type", event.type(), "mode", mode).increment();
            if (event.type().equals("charge.succeeded") || event.type().equals("charge.failed")) {
                JsonNode charge = object(event);
                registry.counter("settle.payments", "outcome", event.type().substring("charge.".length()),
                        "currency", charge.path("currency").asString("unknown"), "processor", charge.path("processor").asString("unknown"),
                        "mode", mode).increment();
            }
            String refundOutcome = REFUND_OUTCOMES.get(event.type());
            if (refundOutcome != null) {
                registry.counter("settle.refunds", "outcome", refundOutcome, "currency", object(event).path("currency").asString("unknown"),
                        "mode", mode).increment();
            }
        }
    }

    private JsonNode object(EventRelayed event) {
        return json.readTree(event.payload()).path("data").path("object");
    }
}
