package dev.settle.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.util.unit.DataSize;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.settle.platform.SettleProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The system of record. Without {@code SETTLE_DATABASE_URL}, a real PostgreSQL 17 is started
 * from Maven-shipped binaries with its cluster under {@code ./data/postgres}, kept across
 * restarts and stopped after the pool closes. With it, that database is used instead.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(SettleProperties properties) {
        if (!properties.embedded()) {
            return EmbeddedDatabase.none();
        }
        try {
            Files.createDirectories(properties.postgresDataDir());
            // zonky's defaults are for throwaway test databases: fsync and synchronous_commit off.
            // Settle's embedded database is a system of record for money, so a commit must be
            // on disk before it is acknowledged (a kill -9 test lost acknowledged payments otherwise).
            String durable = properties.database().embeddedDurable() ? "on" : "off";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.postgresDataDir())
                    .setCleanDataDirectory(false)
                    // Spring closes it (EmbeddedPostmaster.close) after the pools; a hook of its own could stop it first.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", "on");
            DataSize walReserve = properties.database().embeddedWalReserve();
            WalReserve.serverSettings(walReserve).forEach(builder::setServerConfig);
            properties.database().embeddedSettings().forEach(builder::setServerConfig);
            if (properties.database().embeddedPort() > 0) {
                builder.setPort(properties.database().embeddedPort());
            }
            EmbeddedPostmaster postmaster = EmbeddedPostmaster.start(builder, properties.postgresDataDir(),
                    properties.database().embeddedStartTimeout());
            if (walReserve.toBytes() > 0) {
                new WalReserve(postmaster.postgres().getPostgresDatabase()).ensure(walReserve);
            }
            return new EmbeddedDatabase(postmaster);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + properties.postgresDataDir(), e);
        }
    }

    /**
     * The data source every module uses. Connections are taken lazily, at the first statement
     * of a transaction: a request wrapped in an idempotency transaction whose work runs in
     * inner transactions (a payment's record-call-settle phases) then holds no idle
     * connection while it waits on a processor. Each connection also carries the transaction's
     * deferred writes ({@link dev.settle.platform.WriteBehind}). API requests get their
     * connections from one pool, background work ({@link dev.settle.platform.Background}) from
     * another, each with its own session timeouts.
     */
    @Bean
    @Primary
    DataSource dataSource(HikariDataSource connectionPool, BackgroundPool backgroundPool) {
        return new LazyConnectionDataSourceProxy(new WriteBehindDataSource(new SessionRouter(connectionPool, backgroundPool.pool())));
    }

    /** The API's pool. Depends on the embedded database bean, so it is closed before PostgreSQL stops. */
    @Bean(destroyMethod = "close")
    HikariDataSource connectionPool(SettleProperties properties, EmbeddedDatabase embedded) {
        SettleProperties.Database database = properties.database();
        return pool(properties, embedded, "settle", database.poolSize(),
                new SessionTimeouts(database.statementTimeout(), database.lockTimeout(), database.idleInTransactionTimeout()));
    }

    /** Background work's pool: shorter timeouts, so a stuck worker cannot hold its locks for long. */
    @Bean(destroyMethod = "close")
    BackgroundPool backgroundPool(SettleProperties properties, EmbeddedDatabase embedded) {
        SettleProperties.Database database = properties.database();
        return new BackgroundPool(pool(properties, embedded, "settle-background", database.backgroundPoolSize(),
                new SessionTimeouts(database.backgroundStatementTimeout(), database.backgroundLockTimeout(),
                        database.backgroundIdleInTransactionTimeout())));
    }

    private static HikariDataSource pool(SettleProperties properties, EmbeddedDatabase embedded, String name, int size,
            SessionTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        DatabaseUrl url = embedded.running()
                ? DatabaseUrl.parse(embedded.jdbcUrl())
                : DatabaseUrl.parse(properties.database().url());
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.username());
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setPoolName(name);
        // A fixed-size pool (minimum idle = maximum): a burst of load never waits for new
        // connections, each a fresh PostgreSQL backend with cold caches, at the moment it is busiest.
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", name);
        timeouts.driverProperties().forEach(config::addDataSourceProperty);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (embedded.running()) {
                throw e;
            }
            String where = url.jdbcUrl().replaceFirst("\\?.*", ""); // no query: it may hold the password
            throw new IllegalStateException("SETTLE_DATABASE_URL is set, but PostgreSQL at " + where
                    + " does not answer or refuses the connection (" + e.getMessage() + "). Start it, or fix the URL, user"
                    + " or password; unset SETTLE_DATABASE_URL to run on embedded PostgreSQL.", e);
        }
    }

    /** The background pool, as its own type so that {@code HikariDataSource} still names one bean. */
    record BackgroundPool(HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            pool.close();
        }
    }

    /** Holder so the data source can depend on (and outlive) the embedded server either way. */
    static final class EmbeddedDatabase implements AutoCloseable {

        private final @Nullable EmbeddedPostmaster postgres;

        EmbeddedDatabase(@Nullable EmbeddedPostmaster postgres) {
            this.postgres = postgres;
        }

        static EmbeddedDatabase none() {
            return new EmbeddedDatabase(null);
        }

        boolean running() {
            return postgres != null;
        }

        /**
         * TCP on the loopback interface. (Not the Unix domain socket through junixsocket: its
         * virtual-thread poller can lose a wake-up, junixsocket issue #172, and a JDBC call then
         * waits forever for a reply PostgreSQL already sent, holding its transaction's locks.)
         */
        String jdbcUrl() {
            return postgres.postgres().getJdbcUrl("postgres", "postgres");
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
                log.info("Embedded PostgreSQL stopped");
            }
        }
    }

}
