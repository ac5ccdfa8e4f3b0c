package dev.settle.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import dev.settle.platform.DocumentStore;
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

    private static final String CLEAN_MARKER = "clean-shutdown";
    private static final String STORE_FILE = "settle.mv.db";
    /** The embedded store's page cache, in MB. */
    private static final int CACHE_MB = 256;

    /**
     * The embedded store. Its engine (H2) can be left inconsistent by a crash, so a marker file
     * records each clean shutdown; starting without one sets the old file aside and starts empty,
     * and the events module rebuilds the archive from PostgreSQL (see {@link DocumentStore}).
     */
    @Bean(destroyMethod = "close")
    EmbeddedMongo embeddedMongo(MongoProperties mongo, SettleProperties settle) {
        if (!mongo.embedded()) {
            return new EmbeddedMongo(null, mongo.uri(), null, false);
        }
        Path dir = mongo.dataDir() != null ? mongo.dataDir() : settle.dataDir().resolve("mongo");
        boolean rebuilt = false;
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve(STORE_FILE);
            if (Files.exists(store) && !Files.deleteIfExists(dir.resolve(CLEAN_MARKER))) {
                Path aside = dir.resolve(STORE_FILE + ".unclean-" + System.currentTimeMillis());
                Files.move(store, aside);
                log.warn("The embedded document store was not shut down cleanly; set it aside as {} and rebuilding it from PostgreSQL",
                        aside.getFileName());
                rebuilt = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
        // H2's default page cache (16 MB) is soon outgrown by the archive; a page missed is read
        // back and deserialized, which made the archive the largest consumer of CPU and memory.
        MVStore mvStore = new MVStore.Builder().fileName(dir.resolve(STORE_FILE).toString()).cacheSize(CACHE_MB).open();
        MongoServer server = new MongoServer(new EmbeddedMongoBackend(mvStore));
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded Mongo-compatible store on port {} with data in {}", address.getPort(), dir);
        return new EmbeddedMongo(server, "mongodb://127.0.0.1:" + address.getPort(), dir, rebuilt);
    }

    @Bean
    DocumentStore documentStore(EmbeddedMongo mongo) {
        return new DocumentStore(mongo.server != null, mongo.rebuilt);
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
        private final Path dir;
        private final boolean rebuilt;

        EmbeddedMongo(MongoServer server, String uri, Path dir, boolean rebuilt) {
            this.server = server;
            this.uri = uri;
            this.dir = dir;
            this.rebuilt = rebuilt;
        }

        String uri() {
            return uri;
        }

        @Override
        public void close() {
            if (server != null) {
                server.shutdown();
                try {
                    Files.writeString(dir.resolve(CLEAN_MARKER), "");
                } catch (IOException e) {
                    log.warn("Could not mark the embedded document store as cleanly shut down", e);
                }
            }
        }
    }
}
