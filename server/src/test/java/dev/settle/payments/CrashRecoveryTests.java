package dev.settle.payments;

import static dev.settle.support.Payments.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.simulator.Simulator;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * A node dies between the phases of a confirm. What it leaves behind is the committed first
 * phase: the intent {@code processing} and a {@code pending} charge with its idempotency key
 * towards the processor. The janitor must settle each case correctly, posting at most once.
 */
@SettleTest
class CrashRecoveryTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Simulator simulator;

    @Test
    void diedBeforeCallingTheProcessor_theAttemptFailsAndNothingIsCharged() {
        Api.Account account = api.newAccount();
        String intent = createIntent(account);
        String charge = recordAttemptAsADeadNodeWould(account, intent);

        Api.Response settled = awaitStatus(api, account.testKey(), intent, "requires_payment_method");

        assertThat(settled.json().path("last_payment_error").path("code").asString()).isEqualTo("processing_error");
        assertThat(settled.json().path("last_payment_error").path("charge").asString()).isEqualTo(charge);
        assertThat(ledgerTransactions(account)).isZero();
    }

    @Test
    void diedAfterTheProcessorCharged_theJanitorRecordsTheSuccessOnce() throws Exception {
        Api.Account account = api.newAccount();
        String intent = createIntent(account);
        String charge = recordAttemptAsADeadNodeWould(account, intent);
        String token = jdbc.sql("SELECT processor_token FROM payments_methods m JOIN payments_intents i ON i.payment_method_id = m.id WHERE i.id = :i")
                .param("i", intent).query(String.class).single();
        HttpResponse<String> charged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/charges"))
                .header("Authorization", "Bearer " + simulator.apiKey())
                .header("Idempotency-Key", "settle_" + charge)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":2500,\"currency\":\"usd\",\"token\":\"" + token + "\",\"capture\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);

        Api.Response settled = awaitStatus(api, account.testKey(), intent, "succeeded");

        assertThat(settled.json().path("amount_received").asLong()).isEqualTo(2500);
        assertThat(ledgerTransactions(account)).isEqualTo(1);
        Payments.sleep(1000);
        assertThat(ledgerTransactions(account)).as("the janitor does not post twice").isEqualTo(1);
    }

    private String createIntent(Api.Account account) {
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        return api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":2500,\"currency\":\"usd\",\"payment_method\":\"" + method + "\"}").text("id");
    }

    /** Exactly the rows the confirm's first phase commits, as if the node died right after. */
    private String recordAttemptAsADeadNodeWould(Api.Account account, String intent) {
        String charge = "ch_crashtest" + System.nanoTime();
        jdbc.sql("""
                INSERT INTO payments_charges (id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id,
                                              processor, status, processor_state, next_check_at, created_at, updated_at)
                SELECT :charge, id, account_id, livemode, amount, currency, payment_method_id,
                       'simulator', 'pending', 'pending', now(), now() - interval '10 seconds', now()
                FROM payments_intents WHERE id = :intent""").param("charge", charge).param("intent", intent).update();
        jdbc.sql("UPDATE payments_intents SET status = 'processing', latest_charge_id = :charge WHERE id = :intent")
                .param("charge", charge).param("intent", intent).update();
        return charge;
    }

    private long ledgerTransactions(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM ledger_transactions WHERE account_id = :a AND type = 'charge'")
                .param("a", account.id()).query(Long.class).single();
    }
}
