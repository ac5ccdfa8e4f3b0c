package dev.settle.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
        arguments.addAll(List.of(settings));
        ConfigurableApplicationContext node = new SpringApplicationBuilder(SettleApplication.class)
                .run(arguments.stream().map(a -> a.startsWith("--") ? a : "--" + a).toArray(String[]::new));
        nodes.add(node);
        return new Api(node.getEnvironment());
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
