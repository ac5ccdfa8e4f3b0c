package dev.settle.cluster.internal;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code amqp} in {@code /actuator/health}: UP while the broker's connection is open, else
 * DEGRADED, not DOWN: the node serves every request and its streams still get every event (from
 * the archive, when the live feed of other nodes' relays is cut), so it stays in the load balancer.
 */
final class AmqpHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "RabbitMQ does not answer: other nodes' events reach the streams late");

    private final CachingConnectionFactory connections;

    AmqpHealth(CachingConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public Health health() {
        try (Connection connection = connections.createConnection()) {
            return connection.isOpen() ? Health.up().build() : Health.status(DEGRADED).build();
        } catch (RuntimeException e) {
            return Health.status(DEGRADED).withDetail("error", e.toString()).build();
        }
    }
}
