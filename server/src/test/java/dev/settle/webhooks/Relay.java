package dev.settle.webhooks;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.events.EventRelayed;
import dev.settle.shared.Ids;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/** Stands in for the outbox relay: publishes {@link EventRelayed} inside a transaction, as the relay will. */
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

    Event relay(String accountId, boolean livemode, String type) {
        String id = Ids.newId("evt");
        String objectId = Ids.newId("pi");
        long sequence = SEQUENCE.incrementAndGet();
        Instant now = Instant.now();
        String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":" + now.getEpochSecond()
                + ",\"livemode\":" + livemode + ",\"sequence\":" + sequence + ",\"data\":{\"object\":{\"id\":\"" + objectId
                + "\",\"object\":\"payment_intent\",\"amount\":2000,\"currency\":\"eur\",\"status\":\"succeeded\","
                + "\"description\":\"Café crème ☕\",\"metadata\":{}}}}";
        transactions.executeWithoutResult(status -> publisher.publishEvent(
                new EventRelayed(id, new Tenant(new AccountId(accountId), livemode), sequence, type, objectId, payload, now)));
        return new Event(id, type, payload);
    }
}
