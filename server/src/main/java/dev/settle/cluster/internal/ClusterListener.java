package dev.settle.cluster.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

import dev.settle.events.EventsRelayedElsewhere;
import dev.settle.tenancy.ApiKeyRevoked;

/**
 * This node's exclusive queue: other nodes' relay batches go to its streams, their revokes to its
 * key cache and streams (as local events). Its own messages come back too and are skipped. Each
 * time the consumer starts (the first time, and after every lost connection) the streams are
 * told to read from the archive what they may have missed meanwhile.
 */
final class ClusterListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterListener.class);
    private static final ThreadLocal<Boolean> RECEIVING = ThreadLocal.withInitial(() -> false);

    private final ClusterMessages messages;
    private final String node;
    private final ApplicationEventPublisher events;

    ClusterListener(ClusterMessages messages, String node, ApplicationEventPublisher events) {
        this.messages = messages;
        this.node = node;
        this.events = events;
    }

    /** Whether this thread is handing on another node's message (which must not be sent back out). */
    static boolean receiving() {
        return RECEIVING.get();
    }

    @Override
    public void onMessage(Message message) {
        if (node.equals(message.getMessageProperties().getAppId())) {
            return;
        }
        String routingKey = message.getMessageProperties().getReceivedRoutingKey();
        RECEIVING.set(true);
        try {
            if (ClusterMessages.REVOKED.equals(routingKey)) {
                events.publishEvent(new ApiKeyRevoked(messages.revoked(message.getBody())));
            } else if (routingKey != null && routingKey.startsWith(ClusterMessages.EVENTS_PREFIX)) {
                events.publishEvent(new EventsRelayedElsewhere(messages.events(message.getBody())));
            }
        } catch (RuntimeException e) {
            // Never requeue a message this node cannot read; the streams find what it held by sequence.
            log.warn("A message from another node ({}) was skipped: {}", routingKey, e.toString());
        } finally {
            RECEIVING.set(false);
        }
    }

    /** The broker confirmed this node's consumer (at start and after each reconnection): catch up from the archive. */
    @EventListener
    void consuming(ConsumeOkEvent ok) {
        log.info("Consuming the other nodes' messages on {}; the streams catch up from the archive", ok.getQueue());
        events.publishEvent(new EventsRelayedElsewhere(List.of()));
    }
}
