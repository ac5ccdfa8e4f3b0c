package dev.settle.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * An integration test against the running application: real HTTP on a random port, embedded
 * PostgreSQL under {@code target/test-data}. Every test class with this annotation shares one
 * application context (so one server and one database per test JVM); tests isolate themselves
 * by creating their own accounts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "settle.data-dir=target/test-data/shared-${random.uuid}",
        "settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN,
        // A throwaway database: skip fsync for speed. The crash and restart tests run Settle with
        // the durable default.
        "settle.database.embedded-durable=false",
        // Passed through to the embedded server as -c work_mem=8MB (EmbeddedSettingsTests).
        "settle.database.embedded-settings[work_mem]=8MB",
        // No WAL made in advance for a throwaway database (WalReserveTests).
        "settle.database.embedded-wal-reserve=0",
        "settle.scheduler.polling-interval=200ms",
        "settle.billing.interval=200ms",
        "settle.payments.processor-timeout=2s",
        "settle.payments.janitor.interval=200ms",
        "settle.payments.janitor.stuck-after=3s",
        "settle.payments.janitor.backoff=200ms",
        "settle.refunds.janitor.interval=200ms",
        "settle.refunds.janitor.stuck-after=3s",
        "settle.refunds.janitor.backoff=200ms",
        "settle.refunds.janitor.settle-not-before=4s",
        "settle.simulator.async-delay=1s",
        "settle.simulator.slow-reply-delay=4s",
        "settle.webhooks.timeout=2s",
        "settle.webhooks.lease=8s",
        "settle.webhooks.poll-interval=200ms",
        // A worker stuck in a transaction is ended by PostgreSQL after this (EndpointIsolationTests).
        "settle.database.background-idle-in-transaction-timeout=5s",
        "settle.database.background-lock-timeout=2s",
        // Streams: pings every 4 s (a silent client is closed after about 10 s), a small buffer
        // so a slow consumer falls behind after few events, few streams per key (StreamApiTests).
        "settle.realtime.heartbeat-interval=4s",
        "settle.realtime.buffer-size=256",
        "settle.realtime.max-connections-per-key=10",
        "settle.realtime.send-timeout=30s",
        "settle.tenancy.stream-token-ttl=3s",
})
@Import({Api.class, TestDns.class})
public @interface SettleTest {
}
