package dev.settle.idempotency.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.platform.SecretsProperties;

/**
 * After a secrets key rotation, on one node: stored answers that show a secret, sealed under an
 * earlier key, are re-sealed under the primary one, so the earlier key can be removed without a
 * replay failing to open its answer.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyReseal {

    @Bean
    RecurringTask<Void> idempotencyResealTask(IdempotencyStore store, TransactionTemplate transactions,
            SecretsProperties properties) {
        return Tasks.recurring("idempotency-reseal", FixedDelay.of(properties.reencryptInterval()))
                .execute((instance, context) -> {
                    Integer batch;
                    do {
                        batch = transactions.execute(status -> store.resealBatch());
                    } while (batch != null && batch == IdempotencyStore.RESEAL_BATCH);
                });
    }
}
