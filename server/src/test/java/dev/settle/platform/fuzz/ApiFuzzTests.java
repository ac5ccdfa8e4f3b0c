package dev.settle.platform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/**
 * Walks every operation of {@code /v3/api-docs} and sends generated bad input (see
 * {@link FuzzCases} and {@link FuzzRequest} for what counts as invalid and what as a boundary),
 * at least {@value #REQUESTS} requests per run, and checks every answer ({@link FuzzRunner}) and
 * that no request wrote a row in the accounts the invalid requests name. The seed is printed;
 * {@code -Dsettle.fuzz.seed=…} replays a run.
 */
@SettleTest
class ApiFuzzTests {

    static final int REQUESTS = 10_000;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyOperationAnswersBadInputWithAProblemAndWritesNothing() throws InterruptedException {
        List<Operation> operations = Operation.all(api.get("/v3/api-docs", null).json());
        assertThat(operations).hasSizeGreaterThan(40);
        FuzzWorld mine = FuzzWorld.build(api);
        FuzzWorld other = FuzzWorld.build(api);
        FuzzWorld boundary = FuzzWorld.build(api);
        long seed = Long.getLong("settle.fuzz.seed", new Random().nextLong());
        List<FuzzRequest> requests = new ArrayList<>(new FuzzCases(mine, other, boundary, seed).generate(operations, REQUESTS + REQUESTS / 2));
        Collections.shuffle(requests, new Random(seed));
        List<String> accounts = List.of(mine.account().id(), other.account().id());
        Map<String, Long> before = quiet(accounts);

        FuzzRunner runner = new FuzzRunner(api.baseUrl(), operations);
        long started = System.nanoTime();
        runner.run(requests, 4);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("ApiFuzzTests: %d requests over %d operations in %.1f s (seed %d): %d answered 2xx, %d failures%n",
                runner.sent.get(), operations.size(), took.toMillis() / 1000.0, seed, runner.succeeded.get(), runner.failures.size());
        assertThat(runner.failures).as("seed " + seed).isEmpty();
        assertThat(runner.sent.get()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(TableCounts.of(jdbc, accounts)).as("rows of every table in the accounts the invalid requests name").isEqualTo(before);
    }

    /** The counts once the accounts' own background work (the relay, deliveries) has settled. */
    private Map<String, Long> quiet(List<String> accounts) {
        Map<String, Long> last = TableCounts.of(jdbc, accounts);
        for (int i = 0; i < 40; i++) {
            sleep(500);
            Map<String, Long> now = TableCounts.of(jdbc, accounts);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
