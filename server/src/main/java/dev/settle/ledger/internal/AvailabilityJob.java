package dev.settle.ledger.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.ledger.LedgerAccount;
import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * Releases matured funds: once a charge's {@code available_on} has passed, its net moves from
 * pending to available receivable in a transaction of its own ({@code availability}), posted
 * once per charge however often the job runs or on how many nodes.
 */
@Component
public class AvailabilityJob {

    private static final int BATCH = 200;

    private final LedgerRepository ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AvailabilityJob(LedgerRepository ledger, TransactionTemplate transactions, Clock clock) {
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Releases every charge whose funds are available at {@code now}; returns how many. */
    public int releaseMatured(Instant now) {
        int released = 0;
        List<LedgerRepository.Maturing> matured;
        do {
            matured = ledger.matured(now, BATCH);
            for (LedgerRepository.Maturing charge : matured) {
                transactions.executeWithoutResult(status -> release(charge));
            }
            released += matured.size();
        } while (matured.size() == BATCH);
        return released;
    }

    private void release(LedgerRepository.Maturing charge) {
        Tenant tenant = new Tenant(new AccountId(charge.accountId()), charge.livemode());
        long net = charge.net();
        ledger.post(new Posting(tenant, CurrencyUnit.of(charge.currency()), "availability", charge.id(), net, 0, null,
                "Funds available", List.of(
                        Posting.Entry.debit(LedgerAccount.RECEIVABLE_AVAILABLE, net),
                        Posting.Entry.credit(LedgerAccount.RECEIVABLE_PENDING, net))),
                clock.instant());
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> ledgerAvailabilityTask(AvailabilityJob job, LedgerProperties properties, Clock clock) {
            return Tasks.recurring("ledger-availability", FixedDelay.of(properties.availabilityCheck()))
                    .execute((instance, context) -> job.releaseMatured(clock.instant()));
        }
    }
}
