package dev.settle.cluster.internal;

import java.net.URI;
import java.util.UUID;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code SETTLE_AMQP_URI} set: a connection to RabbitMQ with publisher confirms, the topic
 * exchange, and this node's own exclusive, auto-delete queue bound to all of it. A node refuses to
 * start when the broker does not answer then; once running, a lost connection is reopened by
 * Spring AMQP, the queue declared again, and the streams catch up from the archive.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${settle.amqp.uri:}'.isBlank()")
class AmqpConfiguration {

    private final String node = UUID.randomUUID().toString();

    @Bean
    CachingConnectionFactory clusterConnectionFactory(AmqpProperties properties) {
        URI uri = URI.create(properties.uri());
        CachingConnectionFactory factory = new CachingConnectionFactory(uri);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        factory.setConnectionTimeout((int) properties.confirmTimeout().toMillis());
        factory.setConnectionNameStrategy(connections -> "settle-" + node);
        try (Connection connection = factory.createConnection()) {
            if (!connection.isOpen()) {
                throw new IllegalStateException("the connection closed at once");
            }
        } catch (RuntimeException e) {
            factory.destroy();
            throw new IllegalStateException("SETTLE_AMQP_URI is set, but RabbitMQ at " + uri.getHost() + ":"
                    + (uri.getPort() < 0 ? 5672 : uri.getPort()) + " does not answer (" + e.getMessage()
                    + "). Start RabbitMQ or fix the address (and user); unset SETTLE_AMQP_URI to run one node alone.", e);
        }
        return factory;
    }

    @Bean
    RabbitAdmin clusterAdmin(CachingConnectionFactory clusterConnectionFactory) {
        return new RabbitAdmin(clusterConnectionFactory);
    }

    @Bean
    TopicExchange clusterExchange(AmqpProperties properties) {
        return new TopicExchange(properties.exchange(), true, false);
    }

    @Bean
    AnonymousQueue clusterNodeQueue() {
        return new AnonymousQueue(new Base64UrlNamingStrategy("settle.node."));
    }

    @Bean
    Binding clusterNodeBinding(AnonymousQueue clusterNodeQueue, TopicExchange clusterExchange) {
        return BindingBuilder.bind(clusterNodeQueue).to(clusterExchange).with("#");
    }

    @Bean
    RabbitTemplate clusterTemplate(CachingConnectionFactory clusterConnectionFactory) {
        return new RabbitTemplate(clusterConnectionFactory);
    }

    @Bean
    ClusterMessages clusterMessages(JsonMapper json) {
        return new ClusterMessages(json);
    }

    @Bean
    ClusterPublisher clusterPublisher(RabbitTemplate clusterTemplate, ClusterMessages clusterMessages,
            AmqpProperties properties, MeterRegistry meters) {
        return new ClusterPublisher(clusterTemplate, clusterMessages, properties, node, meters);
    }

    @Bean
    ClusterListener clusterListener(ClusterMessages clusterMessages, ApplicationEventPublisher events) {
        return new ClusterListener(clusterMessages, node, events);
    }

    @Bean
    SimpleMessageListenerContainer clusterConsumer(CachingConnectionFactory clusterConnectionFactory,
            AnonymousQueue clusterNodeQueue, ClusterListener clusterListener, RabbitAdmin clusterAdmin) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(clusterConnectionFactory);
        container.setQueues(clusterNodeQueue);
        container.setAmqpAdmin(clusterAdmin);
        container.setMessageListener(clusterListener);
        container.setExclusive(true);
        container.setMissingQueuesFatal(false);
        container.setRecoveryInterval(1000);
        return container;
    }

    @Bean
    AmqpHealth amqpHealthIndicator(CachingConnectionFactory clusterConnectionFactory) {
        return new AmqpHealth(clusterConnectionFactory);
    }
}
