package dev.settle.webhooks.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.platform.SecretsProperties;

/**
 * Every {@code settle.secrets.reencrypt-interval}, on one node: re-seals signing secrets not under
 * the primary key, a batch per transaction, until none is left. After a key rotation this is what
 * makes the earlier key removable (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
class SecretReencryptionJob {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryptionJob.class);

    @Bean
    RecurringTask<Void> webhookSecretReencryptionTask(SecretReencryption reencryption, JdbcClient jdbc,
            TransactionTemplate transactions, SecretsProperties properties) {
        return Tasks.recurring("webhooks-secret-reencryption", FixedDelay.of(properties.reencryptInterval()))
                .execute((instance, context) -> {
                    long moved = 0;
                    int batch;
                    do {
                        batch = transactions.execute(status -> reencryption.batch(jdbc));
                        moved += batch;
                    } while (batch == SecretReencryption.BATCH);
                    if (moved > 0) {
                        log.info("Re-encrypted the signing secrets of {} webhook endpoints under the primary secrets key", moved);
                    }
                });
    }
}
