package dev.settle.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.settle.SettleApplication;

/**
 * Settle nodes in this JVM, each a Spring application of its own on a random port, all on one
 * fresh database of the machine's PostgreSQL (created here, dropped on close) and with the same
 * secrets, as the nodes of a cluster are. Extra settings ({@code settle.amqp.uri=…}) go to every node.
 */
public final class ClusterNodes implements AutoCloseable {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private final String database = "settle_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    public ClusterNodes() throws SQLException {
        admin("CREATE DATABASE " + database);
    }

    /** Starts one more node; throws what stopped it from starting. */
    public Api start(String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--settle.data-dir=target/test-data/cluster-" + database + "-" + nodes.size(),
                "--settle.database.url=" + POSTGRES + database + "?user=postgres",
                "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN,
                "--settle.tenancy.key-pepper=pepper-of-the-test-cluster",
                "--settle.secrets.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "--settle.database.pool-size=5",
                "--settle.scheduler.polling-interval=200ms",
                "--spring.jmx.enabled=false"));
        Map<String, String> byName = new LinkedHashMap<>();
        for (String setting : arguments) {
            put(byName, setting);
        }
        for (String setting : settings) {
            put(byName, setting); // a node's own setting replaces the cluster's (never joined to it)
        }
        ConfigurableApplicationContext node = new SpringApplicationBuilder(SettleApplication.class)
                .run(byName.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        nodes.add(node);
        return new Api(node.getEnvironment());
    }

    private static void put(Map<String, String> byName, String setting) {
        String plain = setting.startsWith("--") ? setting.substring(2) : setting;
        int equals = plain.indexOf('=');
        byName.put(plain.substring(0, equals), plain.substring(equals + 1));
    }

    public String database() {
        return database;
    }

    @Override
    public void close() throws SQLException {
        for (ConfigurableApplicationContext node : nodes.reversed()) {
            node.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres?user=postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
