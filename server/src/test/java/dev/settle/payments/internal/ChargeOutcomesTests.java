package dev.settle.payments.internal;

import static dev.settle.support.Payments.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.platform.Phases;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * A processor's answer applied to an intent and charges the caller knows, without reading them:
 * every write names the version it assumes, so an answer applied to a state that has changed
 * meanwhile writes nothing at all (no state, no event, no posting), and applied to the state as
 * it stands it moves money exactly once.
 */
@SettleTest
class ChargeOutcomesTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ChargeOutcomes outcomes;

    @Autowired
    PaymentIntentRepository intents;

    @Autowired
    ChargeRepository charges;

    @Autowired
    Phases phases;

    @Test
    void anAnswerAppliedToAStaleStateWritesNothingAndToTheCurrentOneMovesMoneyOnce() {
        Api.Account account = api.newAccount();
        Api.Response authorized = pay(api, account.testKey(), Payments.SUCCESS, 4000, "usd", "manual");
        String id = authorized.text("id");
        String charge = authorized.text("latest_charge");
        PaymentIntent current = intents.find(new Tenant(new AccountId(account.id()), false), id).orElseThrow();
        Attempts attempts = charges.attempts(id);
        ProcessorCharge captured = new ProcessorCharge(ProcessorCharge.Outcome.SUCCEEDED,
                attempts.find(charge).orElseThrow().processorReference(), true, 4000, 146, null, null, null, null);
        long events = events(account);

        assertThatThrownBy(() -> phases.committed(() -> outcomes.applyToKnown(current.withVersion(current.version() - 1), attempts,
                charge, captured))).isInstanceOf(ConcurrencyFailureException.class);
        assertThat(status(id)).isEqualTo("requires_capture");
        assertThat(postings(account)).isZero();
        assertThat(events(account)).as("no event of the stale apply").isEqualTo(events);

        phases.committed(() -> outcomes.applyToKnown(current, attempts, charge, captured));
        assertThat(status(id)).isEqualTo("succeeded");
        assertThat(postings(account)).isEqualTo(1);
        assertThatThrownBy(() -> phases.committed(() -> outcomes.applyToKnown(current, attempts, charge, captured)))
                .as("the same answer to the same known state, again: the state has moved on").isInstanceOf(ConcurrencyFailureException.class);
        assertThat(postings(account)).isEqualTo(1);
    }

    private String status(String intent) {
        return jdbc.sql("SELECT status FROM payments_intents WHERE id = :id").param("id", intent).query(String.class).single();
    }

    private long postings(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM ledger_transactions WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single();
    }

    private long events(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM events_outbox WHERE account_id = :a").param("a", account.id()).query(Long.class).single();
    }
}
