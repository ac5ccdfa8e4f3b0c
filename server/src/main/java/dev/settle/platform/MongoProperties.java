package dev.settle.platform;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.mongodb.*}: an optional MongoDB for the documents (event archive, webhook
 * attempt log). Without it they live in PostgreSQL ({@link DocumentStore}).
 *
 * @param uri      {@code SETTLE_MONGODB_URI}; empty means no MongoDB: documents go to PostgreSQL
 * @param dataDir  where versions before the PostgreSQL document store kept their embedded
 *                 Mongo-compatible store (default {@code <settle.data-dir>/mongo}); if a store is
 *                 found there at start, its documents are imported once and the folder is set aside
 * @param database the database name in MongoDB
 */
@ConfigurationProperties("settle.mongodb")
public record MongoProperties(@Nullable String uri, @Nullable Path dataDir, @DefaultValue("settle") String database) {

    public boolean configured() {
        return uri != null && !uri.isBlank();
    }
}
