package dev.settle.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.settle.platform.MongoProperties;
import dev.settle.platform.SettleProperties;

/**
 * The document store, through the official MongoDB driver. With {@code SETTLE_MONGODB_URI} it is
 * that MongoDB; without, an embedded Mongo-wire-compatible server on a loopback port keeps its
 * data in {@code ./data/mongo} across restarts. Money never lives here; PostgreSQL is the record.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedMongo embeddedMongo(MongoProperties mongo, SettleProperties settle) {
        if (!mongo.embedded()) {
            return new EmbeddedMongo(null, mongo.uri());
        }
        Path dir = mongo.dataDir() != null ? mongo.dataDir() : settle.dataDir().resolve("mongo");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        MongoServer server = new MongoServer(new H2Backend(dir.resolve("settle.mv.db").toString()));
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded Mongo-compatible store on port {} with data in {}", address.getPort(), dir);
        return new EmbeddedMongo(server, "mongodb://127.0.0.1:" + address.getPort());
    }

    /** Depends on the embedded server, so the client closes first. */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient(EmbeddedMongo mongo) {
        return MongoClients.create(mongo.uri());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, MongoProperties properties) {
        return client.getDatabase(properties.database());
    }

    static final class EmbeddedMongo implements AutoCloseable {

        private final MongoServer server;
        private final String uri;

        EmbeddedMongo(MongoServer server, String uri) {
            this.server = server;
            this.uri = uri;
        }

        String uri() {
            return uri;
        }

        @Override
        public void close() {
            if (server != null) {
                server.shutdown();
            }
        }
    }
}
