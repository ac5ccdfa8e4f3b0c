package dev.settle.cluster;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.settle.support.Api;
import dev.settle.support.ClusterNodes;
import dev.settle.support.NeedsService;
import dev.settle.support.Payments;
import dev.settle.support.StreamClient;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one PostgreSQL database and one RabbitMQ, as a cluster runs. Each node relays the
 * events it wrote, so a stream on node A hears of node B's payments only through the broker (or,
 * after a cut, from the archive). The key cache is kept 60 s here, so a revoke reaches node B
 * within 1 s only through the broker too.
 */
@NeedsService(name = "PostgreSQL", port = 5432)
@NeedsService(name = "RabbitMQ", port = 5672)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTests {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String AMQP = "settle.amqp.uri=amqp://guest:guest@127.0.0.1:5672";

    ClusterNodes cluster;
    Api nodeA;
    Api nodeB;

    @BeforeAll
    void twoNodes() throws Exception {
        cluster = new ClusterNodes();
        nodeA = cluster.start(AMQP, "settle.tenancy.key-cache-ttl=60s");
        nodeB = cluster.start(AMQP, "settle.tenancy.key-cache-ttl=60s");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStreamOnNodeAReceivesThePaymentsMadeThroughNodeBInOrderWithoutGapOrRepeat() throws Exception {
        Api.Account account = nodeA.newAccount();
        try (StreamClient stream = StreamClient.open(nodeA, "", account.testKey())) {
            for (int i = 0; i < 5; i++) {
                assertThat(Payments.pay(nodeB, account.testKey(), Payments.SUCCESS, 1000 + i, "usd", "automatic").status())
                        .isEqualTo(200);
            }
            List<JsonNode> events = stream.take(20, WAIT);
            assertThat(sequences(events)).isEqualTo(oneTo(20));
            assertThat(stream.poll(Duration.ofSeconds(1))).as("nothing twice").isNull();
        }
    }

    @Test
    void aKeyRevokedOnNodeAIsRefusedOnNodeBWithinOneSecond() throws Exception {
        Api.Account account = nodeA.newAccount();
        Api.Response key = nodeA.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN, "{\"type\":\"secret\"}");
        String secret = key.text("secret");
        assertThat(nodeB.get("/v1/customers", secret).status()).as("node B has the key in its cache").isEqualTo(200);
        StreamClient streamOnB = StreamClient.open(nodeB, "", secret);
        assertThat(nodeA.post("/v1/accounts/" + account.id() + "/keys/" + key.text("id") + "/revoke", Api.OPERATOR_TOKEN, "{}")
                .status()).isEqualTo(200);
        long revoked = System.nanoTime();
        Api.Response answer = nodeB.get("/v1/customers", secret);
        while (answer.status() == 200 && System.nanoTime() - revoked < Duration.ofSeconds(1).toNanos()) {
            Thread.sleep(20);
            answer = nodeB.get("/v1/customers", secret);
        }
        assertProblem(answer, 401, "api_key_revoked");
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        StreamClient.Close close = streamOnB.awaitClose(Duration.ofSeconds(2));
        assertThat(close.code()).as("the key's stream on node B is closed too").isEqualTo(4001);
        assertThat(close.name()).isEqualTo("api_key_revoked");
    }

    @Test
    void connectionsToTheBrokerClosedMidwayLoseNothingForAStream() throws Exception {
        Api.Account account = nodeA.newAccount();
        try (StreamClient stream = StreamClient.open(nodeA, "", account.testKey())) {
            Payments.pay(nodeB, account.testKey(), Payments.SUCCESS, 1000, "usd", "automatic");
            assertThat(sequences(stream.take(4, WAIT))).isEqualTo(oneTo(4));
            Process close = new ProcessBuilder("rabbitmqctl", "close_all_connections", "test: broker connections cut")
                    .redirectErrorStream(true).start();
            for (int i = 1; i < 4; i++) {
                Payments.pay(nodeB, account.testKey(), Payments.SUCCESS, 1000 + i, "usd", "automatic");
            }
            assertThat(close.waitFor()).as(new String(close.getInputStream().readAllBytes())).isZero();
            for (int i = 4; i < 6; i++) {
                Payments.pay(nodeB, account.testKey(), Payments.SUCCESS, 1000 + i, "usd", "automatic");
            }
            List<JsonNode> rest = stream.take(20, Duration.ofSeconds(30));
            List<Long> expected = oneTo(24).subList(4, 24);
            assertThat(sequences(rest)).isEqualTo(expected);
            assertThat(stream.poll(Duration.ofSeconds(1))).as("nothing twice").isNull();
        }
    }

    private static List<Long> sequences(List<JsonNode> events) {
        return events.stream().map(event -> event.path("sequence").asLong()).toList();
    }

    private static List<Long> oneTo(int last) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 1; i <= last; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
