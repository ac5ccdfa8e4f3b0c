package dev.settle.events.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.platform.DocumentStore;

/** The archive on the installation's document store: PostgreSQL, or MongoDB when configured. */
@Configuration(proxyBeanMethods = false)
class EventArchiveConfiguration {

    @Bean
    EventArchive eventArchive(DocumentStore store, JdbcClient jdbc, EventsProperties properties) {
        return switch (store) {
            case DocumentStore.PostgreSql postgres -> new PostgresEventArchive(jdbc);
            case DocumentStore.MongoDb mongo -> new MongoEventArchive(mongo.database(), properties.retention());
        };
    }
}
