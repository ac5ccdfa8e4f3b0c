package dev.settle.cluster.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.amqp.*}: the RabbitMQ the nodes tell each other through.
 *
 * @param uri            {@code amqp://user:pass@host:5672/vhost} ({@code amqps://} for TLS); empty = one node, nothing sent
 * @param exchange       the topic exchange (declared durable if missing)
 * @param confirmTimeout how long a publish waits for the broker's confirm before it is given up
 *                       (logged and counted; the receivers catch up from the archive)
 * @param retryFor       how long a message not confirmed is tried again before it is given up
 * @param backlog        messages waiting to be published at most; past it new ones are dropped and counted
 */
@ConfigurationProperties("settle.amqp")
record AmqpProperties(@DefaultValue("") String uri, @DefaultValue("settle.cluster") String exchange,
        @DefaultValue("2s") Duration confirmTimeout, @DefaultValue("30s") Duration retryFor,
        @DefaultValue("10000") int backlog) {
}
