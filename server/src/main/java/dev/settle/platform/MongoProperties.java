package dev.settle.platform;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.mongodb.*}: the document store (event archive, delivery attempts).
 *
 * @param uri      {@code SETTLE_MONGODB_URI}; empty means an embedded Mongo-wire-compatible
 *                 server (mongo-java-server, H2 file backend) with its file under {@code dataDir}
 * @param dataDir  where the embedded store keeps its file (default {@code <settle.data-dir>/mongo})
 * @param database the database name
 */
@ConfigurationProperties("settle.mongodb")
public record MongoProperties(@Nullable String uri, @Nullable Path dataDir, @DefaultValue("settle") String database) {

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
