package dev.settle.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator on its own, without Settle or a Spring context:
 *
 * <pre>
 * java -cp settle.jar -Dloader.main=dev.settle.simulator.internal.SimulatorMain \
 *      org.springframework.boot.loader.launch.PropertiesLauncher \
 *      --database-url=jdbc:postgresql://localhost/sim?user=sim --port=4242
 * </pre>
 *
 * Options: {@code --port} (0 = a free port), {@code --database-url} (required, JDBC),
 * {@code --webhook-url} (default {@code http://localhost:8080/v1/inbound/simulator}),
 * {@code --api-key} and {@code --webhook-secret} (generated and printed when not given).
 */
public final class SimulatorMain {

    static final String DEFAULT_WEBHOOK_URL = "http://localhost:8080/v1/inbound/simulator";
    private static final Set<String> OPTIONS = Set.of("port", "database-url", "webhook-url", "api-key", "webhook-secret");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        Running running;
        try {
            running = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: SimulatorMain --database-url=jdbc:postgresql://… [--port=N] [--webhook-url=URL] "
                    + "[--api-key=KEY] [--webhook-secret=SECRET]");
            System.exit(2);
            return;
        }
        System.out.printf("""

                Settle simulator processor running at %s
                  API key:        %s
                  Webhook secret: %s
                  Webhooks to:    %s
                %n""", running.server().baseUrl(), running.server().apiKey(), running.server().webhookSecret(),
                running.server().webhookUrl());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }

    /** The server and the pool it was started with; closing stops both. */
    public record Running(SimulatorServer server, HikariDataSource dataSource) implements AutoCloseable {

        @Override
        public void close() {
            server.stop();
            dataSource.close();
        }
    }

    /** Parses the options, opens the pool and starts the server. */
    public static Running start(String... args) throws IOException {
        Map<String, String> options = parse(args);
        String databaseUrl = options.get("database-url");
        if (databaseUrl == null || !databaseUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--database-url=jdbc:postgresql://… is required");
        }
        SimulatorSettings defaults = SimulatorSettings.defaults();
        SimulatorSettings settings = new SimulatorSettings(
                Integer.parseInt(options.getOrDefault("port", "0")),
                options.getOrDefault("api-key", defaults.apiKey()),
                options.getOrDefault("webhook-secret", defaults.webhookSecret()),
                URI.create(options.getOrDefault("webhook-url", DEFAULT_WEBHOOK_URL)),
                defaults.asyncDelay(),
                defaults.slowReplyDelay(),
                defaults.feePercentBps(),
                defaults.feeFixed(),
                defaults.webhookRetries());
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(databaseUrl);
        pool.setPoolName("simulator");
        pool.setMaximumPoolSize(10);
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
            SimulatorServer server = SimulatorServer.create(settings, dataSource, json, Clock.systemUTC());
            server.start();
            return new Running(server, dataSource);
        } catch (RuntimeException | IOException e) {
            dataSource.close();
            throw e;
        }
    }

    /** {@code --name=value} or {@code --name value}. */
    static Map<String, String> parse(String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Missing value for --" + name);
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    /** Without Spring Boot's logging set-up, Logback would print every library's debug lines. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root
                && System.getProperty("logback.configurationFile") == null) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
