package dev.settle.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Installation-wide settings ({@code settle.*}).
 *
 * @param dataDir       where embedded services keep their files ({@code ./data} by default)
 * @param publicUrl     the URL this server is reached at, used in printed hints and links
 * @param maxBodyBytes  request bodies above this many bytes are refused with 413
 * @param database      the system of record
 * @param nodeName      {@code SETTLE_NODE_NAME}: when set, every response carries it as {@code Settle-Node},
 *                      so that behind a load balancer one can tell which node answered; empty: no header
 */
@ConfigurationProperties("settle")
public record SettleProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("1048576") long maxBodyBytes,
        @DefaultValue Database database,
        @Nullable String nodeName) {

    /**
     * @param url       {@code SETTLE_DATABASE_URL}: a {@code postgres://user:pass@host:port/db} or
     *                  {@code jdbc:postgresql:} URL; empty means embedded PostgreSQL
     * @param dataDir   where embedded PostgreSQL keeps its cluster (default {@code <dataDir>/postgres})
     * @param poolSize  the connection pool's size; requests queue for its connections
     * @param embeddedDurable whether embedded PostgreSQL syncs each commit to disk before
     *                  acknowledging it (fsync, synchronous_commit). Always true for real use;
     *                  only throwaway test databases may turn it off for speed.
     * @param embeddedPort the embedded server's port (0 = a free one)
     * @param embeddedSettings further settings of the embedded server, passed to it as
     *                  {@code -c name=value} (e.g. {@code shared_buffers},
     *                  {@code shared_preload_libraries=pg_stat_statements})
     * @param embeddedWalReserve write-ahead log files the embedded server makes in advance
     *                  and keeps ({@code min_wal_size}), so that no commit waits while
     *                  PostgreSQL creates one; 0 turns it off
     * @param embeddedStartTimeout how long the embedded server may take to start: after a crash
     *                  it replays its write-ahead log first, which can take minutes
     * @param statementTimeout the longest an API request's SQL statement may run
     * @param lockTimeout the longest an API request's statement waits for a lock
     * @param idleInTransactionTimeout how long an API session may sit idle inside a
     *                  transaction before PostgreSQL ends it (releasing its locks)
     * @param backgroundPoolSize the background work's pool (relay, delivery, scheduled jobs)
     * @param backgroundStatementTimeout as {@code statementTimeout}, for background work
     * @param backgroundLockTimeout as {@code lockTimeout}, for background work
     * @param backgroundIdleInTransactionTimeout as {@code idleInTransactionTimeout}, for
     *                  background work: how long at most a stuck worker holds its locks
     */
    public record Database(
            @Nullable String url,
            @Nullable Path dataDir,
            @DefaultValue("20") int poolSize,
            @DefaultValue("0") int embeddedPort,
            @DefaultValue("true") boolean embeddedDurable,
            @DefaultValue Map<String, String> embeddedSettings,
            @DefaultValue("1GB") DataSize embeddedWalReserve,
            @DefaultValue("10m") Duration embeddedStartTimeout,
            @DefaultValue("30s") Duration statementTimeout,
            @DefaultValue("15s") Duration lockTimeout,
            @DefaultValue("60s") Duration idleInTransactionTimeout,
            @DefaultValue("10") int backgroundPoolSize,
            @DefaultValue("15s") Duration backgroundStatementTimeout,
            @DefaultValue("5s") Duration backgroundLockTimeout,
            @DefaultValue("15s") Duration backgroundIdleInTransactionTimeout) {
    }

    /** True when no external database is configured: Settle runs everything itself. */
    public boolean embedded() {
        return database.url() == null || database.url().isBlank();
    }

    public Path postgresDataDir() {
        return database.dataDir() != null ? database.dataDir() : dataDir.resolve("postgres");
    }
}
