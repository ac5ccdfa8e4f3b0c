package dev.settle.webhooks.internal;

import java.time.Clock;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.EventsRelayed;

/**
 * Turns each relayed event into one pending delivery per enabled endpoint subscribed to its type,
 * for the relay's whole batch in one statement, inside the relay's transaction: the deliveries commit with the relay, or neither does. After
 * the commit the dispatcher is woken so the endpoints hear of it at once.
 */
@Component
class WebhookEventListener {

    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final Clock clock;

    WebhookEventListener(DeliveryRepository deliveries, Dispatcher dispatcher, Clock clock) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EventsRelayed batch) {
        if (!batch.events().isEmpty() && deliveries.enqueue(batch.events(), clock.instant()) > 0) {
            dispatcher.wakeAfterCommit();
        }
    }
}
