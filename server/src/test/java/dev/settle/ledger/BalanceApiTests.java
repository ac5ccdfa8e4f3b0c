package dev.settle.ledger;

import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.ledger.internal.AvailabilityJob;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

@SettleTest
class BalanceApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AvailabilityJob availability;

    @Test
    void fundsArePendingUntilTheirAvailabilityDateThenAvailableOnce() {
        Api.Account account = api.newAccount();
        Api.Response usd = pay(api, account.testKey(), Payments.SUCCESS, 10_000, "usd", "automatic");
        pay(api, account.testKey(), Payments.SUCCESS, 1_000, "kwd", "automatic");
        long usdFee = usd.json().path("charges").path("data").path(0).path("fee").asLong();

        Api.Response before = api.get("/v1/balance", account.testKey());
        assertThat(before.text("object")).isEqualTo("balance");
        assertThat(before.json().path("available")).isEmpty();
        assertThat(before.json().path("pending")).hasSize(2);

        var txn = api.get("/v1/balance_transactions?source=" + usd.text("latest_charge"), account.testKey()).json().path("data").path(0);
        assertThat(Instant.ofEpochSecond(txn.path("available_on").asLong()))
                .isBetween(Instant.now().plus(Duration.ofDays(2)).minusSeconds(60), Instant.now().plus(Duration.ofDays(2)));

        Instant inThreeDays = Instant.now().plus(Duration.ofDays(3));
        assertThat(availability.releaseMatured(inThreeDays)).isGreaterThanOrEqualTo(2);
        assertThat(availability.releaseMatured(inThreeDays)).as("each charge is released once").isZero();

        Api.Response after = api.get("/v1/balance", account.testKey());
        assertThat(after.json().path("pending")).allSatisfy(amount -> assertThat(amount.path("amount").asLong()).isZero());
        assertThat(after.json().path("available").path(1).path("currency").asString()).isEqualTo("usd");
        assertThat(after.json().path("available").path(1).path("amount").asLong()).isEqualTo(10_000 - usdFee);
        assertThat(api.get("/v1/balance_transactions/" + txn.path("id").asString(), account.testKey()).text("status"))
                .isEqualTo("available");
    }

    @Test
    void ledgerEntriesCannotBeChangedOrDeleted() {
        Api.Account account = api.newAccount();
        pay(api, account.testKey(), Payments.SUCCESS);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entries SET amount = amount + 1 WHERE account_id = :a")
                .param("a", account.id()).update()).hasMessageContaining("immutable");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_transactions WHERE account_id = :a")
                .param("a", account.id()).update()).hasMessageContaining("immutable");
    }

    @Test
    void theDatabaseRefusesAnUnbalancedTransaction() {
        Api.Account account = api.newAccount();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                WITH t AS (INSERT INTO ledger_transactions (id, account_id, livemode, currency, type, source_id, amount, fee, net, created_at)
                           VALUES ('txn_bad', :a, false, 'usd', 'adjustment', 'x', 5, 0, 5, now()) RETURNING id)
                INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
                SELECT id, :a, false, 'usd', 'receivable_pending', 5, now() FROM t""").param("a", account.id()).update())
                .hasMessageContaining("unbalanced");
    }

    @Test
    void anEntryAddedLaterThatUnbalancesAPostedTransactionIsRefused() {
        Api.Account account = api.newAccount();
        pay(api, account.testKey(), Payments.SUCCESS);
        String posted = jdbc.sql("SELECT id FROM ledger_transactions WHERE account_id = :a").param("a", account.id())
                .query(String.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
                VALUES (:t, :a, false, 'usd', 'receivable_pending', 1, now())""").param("t", posted).param("a", account.id()).update())
                .hasMessageContaining("unbalanced");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
                VALUES (:t, :a, false, 'eur', 'receivable_pending', 1, now()), (:t, :a, false, 'eur', 'gross_volume', -1, now())""")
                .param("t", posted).param("a", account.id()).update())
                .as("balanced on their own, but in another currency than the transaction's").hasMessageContaining("unbalanced");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
                VALUES (:t, :a, false, 'usd', 'receivable_pending', 1, now()), (:t, :a, false, 'usd', 'gross_volume', -1, now()),
                       (:t, :a, false, 'zar', 'receivable_pending', 1, now()), (:t, :a, false, 'zar', 'gross_volume', -1, now())""")
                .param("t", posted).param("a", account.id()).update())
                .as("balanced per currency, one of them the transaction's, but two currencies").hasMessageContaining("unbalanced");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
                VALUES ('txn_missing', :a, false, 'usd', 'receivable_pending', 1, now()),
                       ('txn_missing', :a, false, 'usd', 'gross_volume', -1, now())""").param("a", account.id()).update())
                .hasMessageContaining("does not exist");
    }

    @Test
    void balanceTransactionListsRefuseBadParameters() {
        Api.Account account = api.newAccount();
        // payout is a type since reconciliation posts payouts; availability is internal.
        assertProblem(api.get("/v1/balance_transactions?type=availability", account.testKey()), 400, "parameter_invalid", "type");
        assertThat(api.get("/v1/balance_transactions?type=payout", account.testKey()).status()).isEqualTo(200);
        assertProblem(api.get("/v1/balance_transactions?limit=500", account.testKey()), 400, "parameter_invalid", "limit");
        assertProblem(api.get("/v1/balance_transactions/txn_nope", account.testKey()), 404, "resource_missing");
    }
}
