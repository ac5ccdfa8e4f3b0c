package dev.settle.cluster.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import dev.settle.tenancy.ApiKeyRevoked;
import dev.settle.tenancy.Tenant;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends each committed relay batch (one message per tenant) and each revoke on this node to the
 * exchange, on a thread of its own with a bounded backlog: the relay and the requests only hand a
 * message over, so a stuck or down broker never holds them. Each publish waits for the broker's
 * confirm up to the confirm timeout and is tried again (a cut connection is reopened) until
 * {@code retry-for} has passed, so a short outage delays messages but loses none, and keeps their
 * order; receivers drop a batch whose sequences they have already passed. One given up, or dropped
 * because the backlog was full, is logged and counted in {@code settle.cluster.publish.failures}: the other nodes' streams
 * then find the gap by sequence and read it from the archive.
 */
final class ClusterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterPublisher.class);

    private final RabbitTemplate rabbit;
    private final ClusterMessages messages;
    private final AmqpProperties properties;
    private final String node;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor sender;
    private static final long RETRY_PAUSE = 200;

    ClusterPublisher(RabbitTemplate rabbit, ClusterMessages messages, AmqpProperties properties, String node,
            MeterRegistry meters) {
        this.rabbit = rabbit;
        this.messages = messages;
        this.properties = properties;
        this.node = node;
        this.meters = meters;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.backlog()),
                runnable -> Thread.ofPlatform().name("settle-amqp-publisher").daemon().unstarted(runnable),
                (dropped, executor) -> failed("backlog full"));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(EventsRelayed batch) {
        Map<Tenant, List<EventRelayed>> byTenant = new LinkedHashMap<>();
        for (EventRelayed event : batch.events()) {
            byTenant.computeIfAbsent(event.tenant(), tenant -> new java.util.ArrayList<>()).add(event);
        }
        byTenant.forEach((tenant, events) -> send(ClusterMessages.routingKey(tenant), messages.events(events)));
    }

    @EventListener
    void on(ApiKeyRevoked revoked) {
        if (!ClusterListener.receiving()) {
            send(ClusterMessages.REVOKED, messages.revoked(revoked.key()));
        }
    }

    private void send(String routingKey, byte[] body) {
        sender.execute(() -> publish(routingKey, body));
    }

    /** Tries until the broker confirms or {@code retry-for} has passed; later messages wait their turn, in order. */
    private void publish(String routingKey, byte[] body) {
        long deadline = System.nanoTime() + properties.retryFor().toNanos();
        String why;
        do {
            why = publishOnce(routingKey, body);
            if (why == null) {
                return;
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() - deadline < 0);
        failed(why);
    }

    private @Nullable String publishOnce(String routingKey, byte[] body) {
        MessageProperties header = new MessageProperties();
        header.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        header.setAppId(node);
        CorrelationData confirm = new CorrelationData(UUID.randomUUID().toString());
        try {
            rabbit.send(properties.exchange(), routingKey, new Message(body, header), confirm);
            CorrelationData.Confirm answer = confirm.getFuture().get(properties.confirmTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return answer.ack() ? null : "not confirmed: " + answer.reason();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private void failed(String why) {
        meters.counter("settle.cluster.publish.failures").increment();
        log.warn("A message to the other nodes was not published ({}); their streams read the gap from the archive", why);
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
