package dev.settle.simulator.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.sun.net.httpserver.HttpServer;

import dev.settle.simulator.Simulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator put together: its HTTP server on its own port, its tables in schema
 * {@code simulator} (migrated by its own Flyway), its threads. Creating it binds the port, so
 * {@link #baseUrl()} is known at once; {@link #start()} migrates and begins serving.
 * Plain Java, so it runs the same inside Settle and from {@link SimulatorMain}.
 */
public final class SimulatorServer implements Simulator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

    /** Connections waiting to be accepted; the JDK default (50) drops connects under a burst of calls. */
    private static final int BACKLOG = 1024;

    private final SimulatorSettings settings;
    private final DataSource dataSource;
    private final HttpServer http;
    private final String baseUrl;
    private final Background background = new Background();
    private final HttpClient webhookClient;
    private final Charges charges;
    private final Refunds refunds;
    private final Webhooks webhooks;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile @Nullable URI webhookUrl;

    private SimulatorServer(SimulatorSettings settings, DataSource dataSource, JsonMapper json, Clock clock) throws IOException {
        this.settings = settings;
        this.dataSource = dataSource;
        this.webhookUrl = settings.webhookUrl();
        this.http = HttpServer.create(new InetSocketAddress(settings.port()), BACKLOG);
        this.baseUrl = "http://localhost:" + http.getAddress().getPort();

        JdbcClient jdbc = JdbcClient.create(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        Signatures signatures = new Signatures(settings.webhookSecret());
        this.webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(background.workers())
                .build();
        Idempotency idempotency = new Idempotency(jdbc, new JdbcTemplate(dataSource), transactions, json, clock);
        TokenRepository tokenRepository = new TokenRepository(jdbc);
        ChargeRepository chargeRepository = new ChargeRepository(jdbc);
        this.webhooks = new Webhooks(new EventRepository(jdbc), signatures, json, clock, background, webhookClient,
                settings.webhookRetries(), () -> webhookUrl);
        this.charges = new Charges(chargeRepository, tokenRepository, idempotency, webhooks, background, transactions, json, clock,
                settings, baseUrl);
        this.refunds = new Refunds(new RefundRepository(jdbc), chargeRepository, idempotency, webhooks, background, transactions,
                json, clock, settings);
        SimulatorApi api = new SimulatorApi(json, settings.apiKey(), new Tokens(tokenRepository, signatures, clock), charges, refunds,
                new Settlements(jdbc, transactionManager), new SettlementReports(jdbc, transactionManager), new ThreeDSecurePages(charges));
        http.createContext("/", api);
        http.setExecutor(background.exchanges());
    }

    /** Binds the port (so {@link #baseUrl()} is known) without serving yet. */
    public static SimulatorServer create(SimulatorSettings settings, DataSource dataSource, JsonMapper json, Clock clock)
            throws IOException {
        return new SimulatorServer(settings, dataSource, json, clock);
    }

    /** Migrates schema {@code simulator}, serves, and resumes outcomes and webhooks a previous run left unfinished. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("simulator")
                .createSchemas(true)
                .table("simulator_schema_history")
                .locations("classpath:db/simulator")
                .load()
                .migrate();
        http.start();
        charges.resumeProcessing();
        refunds.resumePending();
        webhooks.resumePending();
        log.info("Simulator processor listening on {}; webhooks go to {}", baseUrl,
                webhookUrl != null ? webhookUrl : "(not known yet)");
    }

    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        http.stop(1);
        background.close();
        webhookClient.close();
        log.info("Simulator processor stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Inside Settle without a configured {@code webhook-url}, webhooks go to Settle's own inbound
     * endpoint, whose port is known only once Settle's web server has started.
     */
    public void useSettlePort(int port) {
        if (settings.webhookUrl() == null) {
            webhookUrl = URI.create("http://localhost:" + port + "/v1/inbound/simulator");
            log.info("Simulator webhooks go to {}", webhookUrl);
        }
    }

    public @Nullable URI webhookUrl() {
        return webhookUrl;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String apiKey() {
        return settings.apiKey();
    }

    @Override
    public String webhookSecret() {
        return settings.webhookSecret();
    }
}
