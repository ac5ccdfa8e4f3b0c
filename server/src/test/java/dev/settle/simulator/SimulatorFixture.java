package dev.settle.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.settle.simulator.internal.SimulatorServer;
import dev.settle.simulator.internal.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * One standalone simulator per test JVM, as {@code SimulatorMain} runs it: its own embedded
 * PostgreSQL, a Hikari pool, short delays, and webhooks to a {@link WebhookReceiver}. Tests
 * isolate themselves by their own tokens, charges and idempotency keys.
 */
final class SimulatorFixture {

    static final Duration ASYNC_DELAY = Duration.ofMillis(300);
    static final Duration SLOW_REPLY_DELAY = Duration.ofSeconds(3);

    private static SimulatorFixture instance;

    final EmbeddedPostgres postgres;
    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final WebhookReceiver receiver;
    final SimulatorServer server;
    final SimulatorClient client;

    private SimulatorFixture() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setMaximumPoolSize(10);
        dataSource = new HikariDataSource(pool);
        jdbc = JdbcClient.create(dataSource);
        receiver = WebhookReceiver.start();
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withWebhookUrl(URI.create(receiver.url()))
                .withDelays(ASYNC_DELAY, SLOW_REPLY_DELAY);
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        server = SimulatorServer.create(settings, dataSource, json, Clock.systemUTC());
        server.start();
        client = new SimulatorClient(server.baseUrl(), server.apiKey());
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    static synchronized SimulatorFixture get() {
        if (instance == null) {
            try {
                instance = new SimulatorFixture();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private void close() {
        server.stop();
        receiver.stop();
        dataSource.close();
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
