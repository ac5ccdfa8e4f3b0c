package dev.settle.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import dev.settle.shared.Ids;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/** Stands in for the outbox relay: publishes an {@link EventsRelayed} batch inside a transaction, as the relay will. */
final class Relay {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transactions;

    Relay(ApplicationEventPublisher publisher, TransactionTemplate transactions) {
        this.publisher = publisher;
        this.transactions = transactions;
    }

    /** An event as the API shows it; non-ASCII text checks the body goes out byte for byte. */
    record Event(String id, String type, String payload) {
    }

    /** Where and what one relayed event is. */
    record Spec(String accountId, boolean livemode, String type) {
    }

    Event relay(String accountId, boolean livemode, String type) {
        return relayBatch(List.of(new Spec(accountId, livemode, type))).getFirst();
    }

    /** Several events in one relay batch, as the relay publishes them. */
    List<Event> relayBatch(List<Spec> specs) {
        List<EventRelayed> relayed = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Instant now = Instant.now();
        for (Spec spec : specs) {
            String id = Ids.newId("evt");
            String objectId = Ids.newId("pi");
            long sequence = SEQUENCE.incrementAndGet();
            String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + spec.type() + "\",\"created\":"
                    + now.getEpochSecond() + ",\"livemode\":" + spec.livemode() + ",\"sequence\":" + sequence
                    + ",\"data\":{\"object\":{\"id\":\"" + objectId
                    + "\",\"object\":\"payment_intent\",\"amount\":2000,\"currency\":\"eur\",\"status\":\"succeeded\","
                    + "\"description\":\"Café crème ☕\",\"metadata\":{}}}}";
            relayed.add(new EventRelayed(id, new Tenant(new AccountId(spec.accountId()), spec.livemode()), sequence, spec.type(),
                    objectId, payload, now));
            events.add(new Event(id, spec.type(), payload));
        }
        transactions.executeWithoutResult(status -> publisher.publishEvent(new EventsRelayed(relayed)));
        return events;
    }
}
