package dev.settle.platform.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import dev.settle.platform.DocumentStore;
import dev.settle.platform.MongoProperties;

/**
 * The document store: the configured MongoDB through the official driver, or else PostgreSQL.
 * Money never lives there; PostgreSQL is the record.
 */
@Configuration(proxyBeanMethods = false)
class DocumentStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DocumentStoreConfiguration.class);

    /** The driver's client when MongoDB is configured; closed on shutdown. */
    @Bean(destroyMethod = "close")
    MongoConnection mongoConnection(MongoProperties properties) {
        if (!properties.configured()) {
            return new MongoConnection(null);
        }
        return new MongoConnection(MongoClients.create(properties.uri()));
    }

    @Bean
    DocumentStore documentStore(MongoConnection connection, MongoProperties properties) {
        if (connection.client() == null) {
            log.info("Documents (event archive, webhook attempts) are kept in PostgreSQL");
            return new DocumentStore.PostgreSql();
        }
        ConnectionString uri = new ConnectionString(properties.uri());
        String identity = "mongodb://" + String.join(",", uri.getHosts()) + "/" + properties.database();
        log.info("Documents (event archive, webhook attempts) are kept in MongoDB at {}", identity);
        return new DocumentStore.MongoDb(connection.client().getDatabase(properties.database()), identity);
    }

    record MongoConnection(@Nullable MongoClient client) implements AutoCloseable {

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
