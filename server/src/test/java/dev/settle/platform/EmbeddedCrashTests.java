package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleProcess;

/**
 * After any crash Settle starts again at the first attempt: a kill -9 of the JVM alone leaves its
 * embedded PostgreSQL running (the watchdog stops it; if the watchdog died too, the next start
 * does), and a postmaster that dies under a running Settle is started again. Nothing acknowledged
 * is lost either way.
 */
class EmbeddedCrashTests {

    @Test
    void theJvmKilledAloneUnderLoadStartsAgainAtTheFirstAttempt() throws Exception {
        crashAndRestart(false);
    }

    @Test
    void anOrphanedPostgresWhoseWatchdogDiedTooIsStoppedByTheNextStart() throws Exception {
        crashAndRestart(true);
    }

    private void crashAndRestart(boolean killWatchdog) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "jvm-crash-");
        try (SettleProcess settle = new SettleProcess(dataDir).start()) {
            Api api = settle.api();
            Api.Account account = api.newAccount();
            Load load = Load.start(api, account);
            Thread.sleep(2_000);
            ProcessHandle postmaster = settle.postmaster();
            settle.killJvm(killWatchdog);
            load.stop();
            assertThat(postmaster.isAlive()).as("the embedded PostgreSQL outlives the JVM it was started by").isTrue();

            Instant restart = Instant.now();
            settle.start();
            System.out.printf("JVM killed alone (watchdog %s): ready again after %d ms at the first attempt%n",
                    killWatchdog ? "killed too" : "running", Duration.between(restart, Instant.now()).toMillis());
            assertThat(postmaster.isAlive()).as("the orphaned postmaster was stopped").isFalse();
            assertThat(load.acknowledged).as("payments acknowledged before the kill").isNotEmpty();
            for (String id : load.acknowledged) {
                assertThat(api.get("/v1/payment_intents/" + id, account.testKey()).text("status")).as(id).isEqualTo("succeeded");
            }
        }
    }

    @Test
    void aPostmasterThatDiesUnderARunningSettleIsStartedAgain() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "postmaster-crash-");
        try (SettleProcess settle = new SettleProcess(dataDir).start()) {
            Api api = settle.api();
            Api.Account account = api.newAccount();
            Load load = Load.start(api, account);
            Thread.sleep(2_000);
            ProcessHandle postmaster = settle.postmaster();
            postmaster.destroyForcibly();
            Instant killed = Instant.now();
            Thread.sleep(1_000);
            load.stop();

            Instant deadline = killed.plus(Duration.ofSeconds(60));
            int status = 0;
            while (status != 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                status = api.post("/v1/customers", account.testKey(), "{\"email\":\"back@example.com\"}").status();
            }
            System.out.printf("postmaster killed: Settle served writes again after %d ms%n",
                    Duration.between(killed, Instant.now()).toMillis());
            assertThat(status).as("a write after the postmaster was started again").isEqualTo(200);
            assertThat(settle.postmaster().pid()).isNotEqualTo(postmaster.pid());
            for (String id : load.acknowledged) {
                assertThat(api.get("/v1/payment_intents/" + id, account.testKey()).text("status")).as(id).isEqualTo("succeeded");
            }
        }
    }

    /** Payments in a loop from two clients; remembers each one Settle acknowledged as succeeded. */
    private static final class Load {

        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> clients;

        private Load(Api api, Api.Account account) {
            clients = List.of(client(api, account), client(api, account));
        }

        static Load start(Api api, Api.Account account) {
            return new Load(api, account);
        }

        private Thread client(Api api, Api.Account account) {
            return Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    try {
                        Api.Response paid = Payments.pay(api, account.testKey(), Payments.SUCCESS);
                        if (paid.status() == 200 && "succeeded".equals(paid.text("status"))) {
                            acknowledged.add(paid.text("id"));
                        }
                    } catch (RuntimeException | AssertionError cutOff) {
                        // the server went away mid-request: not acknowledged
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(20_000);
            }
        }
    }
}
