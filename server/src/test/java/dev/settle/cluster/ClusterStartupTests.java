package dev.settle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.ClusterNodes;
import dev.settle.support.NeedsService;
import dev.settle.support.S3Server;
import tools.jackson.databind.JsonNode;

/**
 * A node reports each part it was configured with in /actuator/health, and refuses to start, with
 * a message naming the part, when one does not answer or the database is newer than it.
 */
@NeedsService(name = "PostgreSQL", port = 5432)
@NeedsService(name = "RabbitMQ", port = 5672)
@NeedsService(name = "Redis", port = 6379)
class ClusterStartupTests {

    static final String AMQP = "settle.amqp.uri=amqp://guest:guest@127.0.0.1:5672";
    static final String REDIS = "settle.redis.uri=redis://127.0.0.1:6379";

    @Test
    void healthReportsTheDatabaseTheBrokerAndRedisAndEachUnreachablePartStopsANode() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes()) {
            Api node = cluster.start(AMQP, REDIS);
            JsonNode health = node.get("/actuator/health", null).json();
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("amqp").path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");

            int dead = deadPort();
            assertThat(startupFailure(cluster, "settle.amqp.uri=amqp://guest:guest@127.0.0.1:" + dead, REDIS))
                    .contains("SETTLE_AMQP_URI is set, but RabbitMQ at 127.0.0.1:" + dead + " does not answer");
            assertThat(startupFailure(cluster, AMQP, "settle.redis.uri=redis://127.0.0.1:" + dead))
                    .contains("SETTLE_REDIS_URI is set, but Redis at 127.0.0.1:" + dead + " does not answer");
        }
    }

    @Test
    void aNodeOnS3ReportsItInHealthAndAMissingBucketOrDeadEndpointStopsANode() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes()) {
            Api node = cluster.start(S3Server.settings("cluster-tests/"));
            JsonNode health = node.get("/actuator/health", null).json();
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("s3").path("status").asString()).isEqualTo("UP");

            String[] missing = S3Server.settings("cluster-tests/");
            missing[0] = "settle.files.s3.bucket=no-such-bucket";
            assertThat(startupFailure(cluster, missing))
                    .contains("SETTLE_S3_BUCKET is set, but the bucket no-such-bucket at " + S3Server.shared().endpoint() + " does not answer");
            int dead = deadPort();
            String[] unreachable = S3Server.settings("cluster-tests/");
            unreachable[1] = "settle.files.s3.endpoint=http://127.0.0.1:" + dead;
            assertThat(startupFailure(cluster, unreachable))
                    .contains("SETTLE_S3_BUCKET is set, but the bucket settle at http://127.0.0.1:" + dead + " does not answer");
        }
    }

    @Test
    void aDatabaseMigratedByANewerVersionStopsANodeOfThisOne() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes()) {
            cluster.start();
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:5432/" + cluster.database() + "?user=postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("""
                        INSERT INTO flyway_schema_history
                            (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                        SELECT max(installed_rank) + 1, '9999', 'from the future', 'SQL', 'V9999__from_the_future.sql', 0,
                            'postgres', 1, TRUE
                        FROM flyway_schema_history""");
            }
            assertThat(startupFailure(cluster)).contains("The database was migrated by a newer version of Settle (schema version 9999");
        }
    }

    @Test
    void anUnreachableDatabaseStopsANodeWithAMessageNamingIt() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes()) {
            int dead = deadPort();
            assertThat(startupFailure(cluster, "settle.database.url=jdbc:postgresql://127.0.0.1:" + dead + "/settle?user=postgres"))
                    .contains("SETTLE_DATABASE_URL is set, but PostgreSQL at jdbc:postgresql://127.0.0.1:" + dead
                            + "/settle does not answer");
        }
    }

    private static String startupFailure(ClusterNodes cluster, String... settings) {
        Throwable failure = catchThrowable(() -> cluster.start(settings));
        assertThat(failure).as("the node started").isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
