package dev.settle.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * The dashboard over plain HTTP, as a browser without JavaScript uses it: sign-in through the API's
 * sessions, CSRF on every form, the role checked on every action (also when a form is posted by
 * hand), the live-mode marking, and a refund that happens once however often its form is sent.
 */
@SettleTest
class DashboardTests {

    private static final Pattern IDEMPOTENCY = Pattern.compile("name=\"idempotency_key\" value=\"([^\"]*)\"");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private DashboardClient owner(Api.Account account) {
        String email = "owner-" + account.id() + "@example.com";
        DashboardClient.user(api, account, email, "owner");
        return new DashboardClient(api).signedIn(email);
    }

    private DashboardClient userWithRole(Api.Account account, String role) {
        String email = role + "-" + account.id() + "@example.com";
        DashboardClient.user(api, account, email, role);
        return new DashboardClient(api).signedIn(email);
    }

    @Test
    void withoutASessionEveryPageSendsToSignIn() {
        DashboardClient anonymous = new DashboardClient(api);
        for (String path : new String[] {"/dashboard", "/dashboard/payments", "/dashboard/customers", "/dashboard/developers"}) {
            DashboardClient.Page page = anonymous.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).as(path).endsWith("/dashboard/sign-in");
        }
        assertThat(anonymous.get("/dashboard/sign-in").body()).contains("Sign in to Settle");
    }

    @Test
    void signInUsesTheApiSessionsAndAWrongPasswordShowsTheApiError() {
        Api.Account account = api.newAccount();
        String email = "signin-" + account.id() + "@example.com";
        DashboardClient.user(api, account, email, "admin");
        DashboardClient browser = new DashboardClient(api);

        DashboardClient.Page wrong = browser.signIn(email, "not the password", "test");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("The email, password or two-factor code is not right.");
        assertThat(browser.get("/dashboard").status()).as("still signed out").isEqualTo(302);

        DashboardClient.Page forged = browser.post("/dashboard/sign-in", Map.of("email", email, "password", DashboardClient.PASSWORD,
                "mode", "test", "_csrf", "forged"));
        assertThat(forged.status()).as("a sign-in form not from this browser").isEqualTo(403);

        browser.signedIn(email);
        DashboardClient.Page home = browser.get("/dashboard");
        assertThat(home.status()).as(home.body()).isEqualTo(200);
        assertThat(home.body()).contains(email).contains("Test mode").doesNotContain("LIVE MODE");
    }

    @Test
    void theLiveSwitchStartsALiveSessionMarkedOnEveryPage() {
        Api.Account account = api.newAccount();
        DashboardClient browser = owner(account);
        DashboardClient.Page home = browser.get("/dashboard");
        DashboardClient.Page switched = browser.post("/dashboard/mode", Map.of("mode", "live", "_csrf", DashboardClient.hiddenCsrf(home)));
        assertThat(switched.status()).isEqualTo(302);
        for (String path : new String[] {"/dashboard", "/dashboard/payments", "/dashboard/customers", "/dashboard/developers"}) {
            assertThat(browser.get(path).body()).as(path).contains("LIVE MODE: real payments and real money");
        }
        Api.Response testPayment = Payments.pay(api, account.testKey(), "4242424242424242");
        assertThat(browser.get("/dashboard/payments").body()).as("live mode lists live payments only")
                .doesNotContain(testPayment.text("id"));
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() {
        Api.Account account = api.newAccount();
        DashboardClient browser = owner(account);
        Api.Response payment = Payments.pay(api, account.testKey(), "4242424242424242");
        String path = "/dashboard/payments/" + payment.text("id") + "/refund";
        for (String csrf : new String[] {null, "forged"}) {
            Map<String, String> fields = new java.util.HashMap<>(Map.of("confirm", "yes", "idempotency_key", "k-" + csrf));
            if (csrf != null) {
                fields.put("_csrf", csrf);
            }
            assertThat(browser.post(path, fields).status()).isEqualTo(403);
        }
        assertThat(refunds(payment.text("id"))).isZero();
    }

    @Test
    void anAnalystSeesNoActionsAndPostingTheFormsByHandIsRefused() {
        Api.Account account = api.newAccount();
        DashboardClient analyst = userWithRole(account, "analyst");
        Api.Response payment = Payments.pay(api, account.testKey(), "4242424242424242");
        String id = payment.text("id");

        DashboardClient.Page page = analyst.get("/dashboard/payments/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(id).doesNotContain("id=\"refund-form\"").doesNotContain("id=\"cancel\"")
                .contains("can view payments but not act on them");
        String csrf = DashboardClient.hiddenCsrf(page);

        DashboardClient.Page refund = analyst.post("/dashboard/payments/" + id + "/refund",
                Map.of("_csrf", csrf, "confirm", "yes", "idempotency_key", "analyst-1"));
        assertThat(refund.status()).isEqualTo(403);
        assertThat(refund.body()).contains("Your role (analyst) does not allow this action.");
        assertThat(refunds(id)).isZero();

        DashboardClient.Page developers = analyst.get("/dashboard/developers");
        assertThat(developers.body()).doesNotContain("id=\"create-endpoint\"");
        DashboardClient.Page endpoint = analyst.post("/dashboard/developers/webhook_endpoints",
                Map.of("_csrf", csrf, "url", "https://example.com/hook", "enabled_events", "*"));
        assertThat(endpoint.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM webhooks_endpoints WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).isZero();
        assertThat(analyst.get("/dashboard/users").status()).as("users are the owner's").isEqualTo(403);
    }

    @Test
    void aRefundFormSentTwiceRefundsOnceAndTheRefundShowsOnThePayment() {
        Api.Account account = api.newAccount();
        DashboardClient browser = userWithRole(account, "admin");
        Api.Response payment = Payments.pay(api, account.testKey(), "4242424242424242", 2000, "usd", "automatic");
        String id = payment.text("id");
        DashboardClient.Page page = browser.get("/dashboard/payments/" + id);
        assertThat(page.body()).contains("id=\"refund-form\"").contains("20.00 USD");
        Matcher key = IDEMPOTENCY.matcher(page.body().substring(page.body().indexOf("id=\"refund-form\"")));
        assertThat(key.find()).isTrue();
        Map<String, String> form = Map.of("_csrf", DashboardClient.hiddenCsrf(page), "idempotency_key", key.group(1), "amount", "7.50",
                "confirm", "yes");

        DashboardClient.Page first = browser.post("/dashboard/payments/" + id + "/refund", form);
        DashboardClient.Page second = browser.post("/dashboard/payments/" + id + "/refund", form);
        assertThat(first.status()).as(first.body()).isEqualTo(302);
        assertThat(second.status()).as(second.body()).isEqualTo(302);
        assertThat(refunds(id)).as("the double click refunds once").isEqualTo(1);
        assertThat(jdbc.sql("SELECT amount FROM refunds WHERE payment_intent_id = :p").param("p", id).query(Long.class).single())
                .isEqualTo(750);
        assertThat(browser.get("/dashboard/payments/" + id).body()).contains("7.50 USD");
        long until = System.currentTimeMillis() + 10_000;
        while (!browser.get("/dashboard/payments/" + id).body().contains("<strong>charge.refunded</strong>")
                && System.currentTimeMillis() < until) {
            Payments.sleep(200);
        }
        assertThat(browser.get("/dashboard/payments/" + id).body()).as("the charge's events on the payment's timeline")
                .contains("<strong>charge.refunded</strong>").contains("<strong>payment_intent.succeeded</strong>");
    }

    @Test
    void theRefundFormShowsTheApisErrorNextToTheAmount() {
        Api.Account account = api.newAccount();
        DashboardClient browser = owner(account);
        Api.Response payment = Payments.pay(api, account.testKey(), "4242424242424242", 1000, "usd", "automatic");
        String id = payment.text("id");
        DashboardClient.Page page = browser.get("/dashboard/payments/" + id);
        String csrf = DashboardClient.hiddenCsrf(page);

        DashboardClient.Page tooMuch = browser.post("/dashboard/payments/" + id + "/refund",
                Map.of("_csrf", csrf, "idempotency_key", "too-much", "amount", "11.00", "confirm", "yes"));
        assertThat(tooMuch.status()).isEqualTo(200);
        assertThat(tooMuch.body()).as("next to the amount").contains("id=\"error-amount\"").contains("aria-describedby=\"error-amount\"")
                .contains("aria-invalid=\"true\"");
        DashboardClient.Page tooPrecise = browser.post("/dashboard/payments/" + id + "/refund",
                Map.of("_csrf", csrf, "idempotency_key", "too-precise", "amount", "1.005", "confirm", "yes"));
        assertThat(tooPrecise.body()).contains("USD has 2 decimal places.");
        DashboardClient.Page unconfirmed = browser.post("/dashboard/payments/" + id + "/refund",
                Map.of("_csrf", csrf, "idempotency_key", "unconfirmed", "amount", "1.00"));
        assertThat(unconfirmed.body()).contains("Tick the box to confirm the refund.").contains("id=\"error-confirm\"");
        assertThat(refunds(id)).isZero();
    }

    @Test
    void thePaymentsListFiltersByCardAmountAndStatusAndPagesByCursor() {
        Api.Account account = api.newAccount();
        DashboardClient browser = owner(account);
        String visa = Payments.pay(api, account.testKey(), "4242424242424242", 1500, "usd", "automatic").text("id");
        String other = Payments.pay(api, account.testKey(), "5555555555554444", 99_00, "usd", "automatic").text("id");

        assertThat(browser.get("/dashboard/payments?last4=4444").body()).contains(other).doesNotContain(visa);
        assertThat(browser.get("/dashboard/payments?amount_min=2000").body()).contains(other).doesNotContain(visa);
        assertThat(browser.get("/dashboard/payments?amount_max=2000&status=succeeded").body()).contains(visa).doesNotContain(other);
        assertThat(browser.get("/dashboard/payments?last4=12").body()).contains("last4 is the card&#39;s last four digits.")
                .contains("id=\"error-last4\"");
        assertThat(browser.get("/dashboard/payments?amount_min=ten").body()).as("the API's amount[gte] error beside its field")
                .contains("id=\"error-amount_min\"");
        assertThat(browser.get("/dashboard/payments?from=yesterday").body()).contains("id=\"error-from\"");
        for (int i = 0; i < 25; i++) {
            Payments.pay(api, account.testKey(), "4242424242424242");
        }
        DashboardClient.Page first = browser.get("/dashboard/payments");
        assertThat(first.body()).contains("id=\"older\"").doesNotContain(visa);
        Matcher older = Pattern.compile("id=\"older\" href=\"([^\"]*)\"").matcher(first.body());
        assertThat(older.find()).isTrue();
        DashboardClient.Page second = browser.get(older.group(1).replace("&amp;", "&"));
        assertThat(second.body()).contains(visa).contains(other).contains("id=\"newer\"");
    }

    @Test
    void anAdminCapturesAHeldPaymentAndCancelsAnother() {
        Api.Account account = api.newAccount();
        DashboardClient browser = userWithRole(account, "admin");
        String held = Payments.pay(api, account.testKey(), "4242424242424242", 3000, "usd", "manual").text("id");
        String other = Payments.pay(api, account.testKey(), "4242424242424242", 3000, "usd", "manual").text("id");
        DashboardClient.Page page = browser.get("/dashboard/payments/" + held);
        assertThat(page.body()).contains("id=\"capture\"").contains("id=\"cancel\"");
        String csrf = DashboardClient.hiddenCsrf(page);
        assertThat(browser.post("/dashboard/payments/" + held + "/capture", Map.of("_csrf", csrf, "idempotency_key", "cap-1")).status())
                .isEqualTo(302);
        assertThat(api.get("/v1/payment_intents/" + held, account.testKey()).text("status")).isEqualTo("succeeded");
        assertThat(browser.post("/dashboard/payments/" + other + "/cancel", Map.of("_csrf", csrf, "idempotency_key", "can-1")).status())
                .isEqualTo(302);
        assertThat(api.get("/v1/payment_intents/" + other, account.testKey()).text("status")).isEqualTo("canceled");
        DashboardClient.Page again = browser.post("/dashboard/payments/" + other + "/capture",
                Map.of("_csrf", csrf, "idempotency_key", "cap-2"));
        assertThat(again.status()).as("the API's 409 shown on the page").isEqualTo(200);
        assertThat(again.body()).as("an error about no field, above the actions").contains("id=\"form-error\"");
    }

    @Test
    void aDeveloperManagesAnEndpointAndAnAnalystCannotRotateOrDisableIt() {
        Api.Account account = api.newAccount();
        DashboardClient developer = userWithRole(account, "developer");
        DashboardClient.Page developers = developer.get("/dashboard/developers");
        String csrf = DashboardClient.hiddenCsrf(developers);

        DashboardClient.Page bad = developer.post("/dashboard/developers/webhook_endpoints",
                Map.of("_csrf", csrf, "url", "not a url", "enabled_events", "*"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).as("the API's error next to the URL field").contains("id=\"error-url\"")
                .contains("aria-describedby=\"error-url\"").contains("aria-invalid=\"true\"").doesNotContain("id=\"form-error\"");

        DashboardClient.Page created = developer.post("/dashboard/developers/webhook_endpoints",
                Map.of("_csrf", csrf, "url", "https://example.com/hooks", "enabled_events", "charge.refunded, payment_intent.succeeded"));
        assertThat(created.body()).contains("id=\"secret-once\"").contains("whsec_");
        Matcher id = Pattern.compile("id=\"endpoint-id\">(we_[0-9A-Za-z]+)<").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        String path = "/dashboard/developers/webhook_endpoints/" + id.group(1);
        assertThat(developer.get(path).body()).as("the secret is shown once").doesNotContain("whsec_");

        DashboardClient.Page rotated = developer.post(path + "/rotate", Map.of("_csrf", csrf));
        assertThat(rotated.body()).contains("id=\"secret-once\"").contains("whsec_");
        DashboardClient.Page disabled = developer.post(path, Map.of("_csrf", csrf, "disabled", "true"));
        assertThat(disabled.body()).contains("id=\"endpoint-status\">disabled<");
        DashboardClient.Page edited = developer.post(path, Map.of("_csrf", csrf, "url", "https://example.com/v2", "enabled_events", "*"));
        assertThat(edited.body()).contains("https://example.com/v2");

        assertThat(developer.post(path + "/recover", Map.of("_csrf", csrf, "since", "2020-01-01T00:00")).body())
                .as("the API's answer for a disabled endpoint").contains("because it has a status of disabled");
        assertThat(developer.post(path, Map.of("_csrf", csrf, "disabled", "false")).body()).contains("id=\"endpoint-status\">enabled<");
        DashboardClient.Page recovered = developer.post(path + "/recover", Map.of("_csrf", csrf, "since", "2020-01-01T00:00"));
        assertThat(recovered.body()).contains("Sending 0 failed deliveries again.");
        assertThat(developer.post(path, Map.of("_csrf", csrf, "disabled", "true")).body()).contains("id=\"endpoint-status\">disabled<");
        assertThat(developer.post(path + "/recover", Map.of("_csrf", csrf, "since", "yesterday")).body())
                .contains("Enter a date and time as yyyy-mm-ddThh:mm (UTC).");

        DashboardClient analyst = userWithRole(account, "analyst");
        String analystCsrf = DashboardClient.hiddenCsrf(analyst.get(path));
        assertThat(analyst.get(path).body()).doesNotContain("id=\"rotate\"").doesNotContain("id=\"edit-endpoint\"");
        assertThat(analyst.post(path + "/rotate", Map.of("_csrf", analystCsrf)).status()).isEqualTo(403);
        assertThat(analyst.post(path, Map.of("_csrf", analystCsrf, "disabled", "false")).status()).isEqualTo(403);
        assertThat(api.get("/v1/webhook_endpoints/" + id.group(1), account.testKey()).text("status")).isEqualTo("disabled");
    }

    @Test
    void anOwnerInvitesAUserAndACustomersPageShowsItsCardsAndPayments() {
        Api.Account account = api.newAccount();
        DashboardClient owner = owner(account);
        DashboardClient.Page users = owner.get("/dashboard/users");
        DashboardClient.Page invited = owner.post("/dashboard/users",
                Map.of("_csrf", DashboardClient.hiddenCsrf(users), "email", "new-" + account.id() + "@example.com", "role", "analyst"));
        assertThat(invited.body()).contains("id=\"invite-once\"").contains("inv_").contains("new-" + account.id() + "@example.com");
        assertThat(owner.get("/dashboard/audit").body()).contains("user.invited");

        String customer = api.post("/v1/customers", account.testKey(), "{\"email\":\"jo@example.com\"}").text("id");
        String method = Payments.paymentMethod(api, account.testKey(), "5555555555554444");
        api.post("/v1/payment_methods/" + method + "/attach", account.testKey(), "{\"customer\":\"" + customer + "\"}");
        String pi = api.post("/v1/payment_intents", account.testKey(), "{\"amount\":1234,\"currency\":\"usd\",\"customer\":\"" + customer
                + "\",\"payment_method\":\"" + method + "\",\"confirm\":true}").text("id");
        assertThat(owner.get("/dashboard/customers?email=jo@example.com").body()).contains(customer);
        DashboardClient.Page page = owner.get("/dashboard/customers/" + customer);
        assertThat(page.body()).contains("jo@example.com").contains("4444").contains(pi).contains("12.34 USD")
                .doesNotContain("5555555555554444");
    }

    @Test
    void theAuditLogRecordsTheBrowsersAddressForADashboardActionAndIgnoresAForgedOne() throws Exception {
        java.net.InetAddress address = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (java.net.SocketException e) { return false; } })
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(address != null, "a non-loopback IPv4 address on this machine");
        Api.Account account = api.newAccount();
        String email = "relay-" + account.id() + "@example.com";
        DashboardClient.user(api, account, email, "developer");
        String base = api.baseUrl().replace("localhost", address.getHostAddress());
        DashboardClient browser = new DashboardClient(base).signedIn(email);
        DashboardClient.Page created = browser.post("/dashboard/developers/webhook_endpoints", Map.of("_csrf",
                DashboardClient.hiddenCsrf(browser.get("/dashboard/developers")), "url", "https://example.com/r", "enabled_events", "*"));
        Matcher id = Pattern.compile("id=\"endpoint-id\">(we_[0-9A-Za-z]+)<").matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        assertThat(api.get("/v1/audit_log?object=" + id.group(1), account.testKey()).json().path("data").path(0).path("ip").asString())
                .as("the browser's address, not the node's own").isEqualTo(address.getHostAddress());

        Api.Response forged = api.send("POST", "/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"https://example.com/f\",\"enabled_events\":[\"*\"]}",
                Map.of("X-Settle-Client-Ip", "203.0.113.7", "X-Settle-Relay", "guess"));
        assertThat(api.get("/v1/audit_log?object=" + forged.text("id"), account.testKey()).json().path("data").path(0).path("ip")
                .asString()).isNotEqualTo("203.0.113.7");
    }

    @Test
    void billingPagesShowSubscriptionsAndInvoicesAndTheirActionsFollowTheRole() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":1893456000,\"name\":\"Dash clock\"}").text("id");
        String customer = api.post("/v1/customers", key, "{\"name\":\"Sub\",\"test_clock\":\"" + clock + "\"}").text("id");
        String method = Payments.paymentMethod(api, key, "4242424242424242");
        api.post("/v1/payment_methods/" + method + "/attach", key, "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
        String product = api.post("/v1/products", key, "{\"name\":\"Pro plan\"}").text("id");
        String price = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":2500,\"recurring\":{\"interval\":\"month\"}}").text("id");
        Api.Response subscription = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\""
                + price + "\"}]}");
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(200);
        String sub = subscription.text("id");
        String invoice = subscription.text("latest_invoice");

        DashboardClient analyst = userWithRole(account, "analyst");
        DashboardClient.Page seen = analyst.get("/dashboard/billing");
        assertThat(seen.body()).contains(sub).contains("Pro plan").contains("25.00 USD").contains("Dash clock")
                .doesNotContain("class=\"danger sub-cancel\"").doesNotContain("Advance to (UTC)");
        String analystCsrf = DashboardClient.hiddenCsrf(seen);
        assertThat(analyst.post("/dashboard/billing/subscriptions/" + sub + "/cancel", Map.of("_csrf", analystCsrf)).status()).isEqualTo(403);
        assertThat(analyst.get("/dashboard/billing/invoices/" + invoice).body()).contains("25.00 USD").doesNotContain("id=\"invoice-void\"");
        assertThat(analyst.post("/dashboard/billing/invoices/" + invoice + "/void", Map.of("_csrf", analystCsrf)).status()).isEqualTo(403);

        DashboardClient admin = userWithRole(account, "admin");
        String csrf = DashboardClient.hiddenCsrf(admin.get("/dashboard/billing"));
        DashboardClient.Page paused = admin.post("/dashboard/billing/subscriptions/" + sub + "/pause", Map.of("_csrf", csrf));
        assertThat(paused.body()).contains("paused (void)");
        assertThat(api.get("/v1/subscriptions/" + sub, key).json().path("pause_collection").path("behavior").asString()).isEqualTo("void");
        assertThat(admin.post("/dashboard/billing/subscriptions/" + sub + "/resume", Map.of("_csrf", csrf)).body())
                .doesNotContain("paused (void)");
        assertThat(admin.post("/dashboard/billing/test_clocks/" + clock + "/advance", Map.of("_csrf", csrf, "frozen_time", "nonsense"))
                .body()).contains("Enter a date and time as yyyy-mm-ddThh:mm (UTC).").contains("id=\"error-frozen_time\"");
        DashboardClient.Page canceled = admin.post("/dashboard/billing/subscriptions/" + sub + "/cancel", Map.of("_csrf", csrf));
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(api.get("/v1/subscriptions/" + sub, key).text("status")).isEqualTo("canceled");

        assertThat(analyst.get("/dashboard/reconciliation").status()).isEqualTo(200);
    }

    @Test
    void anAmountMismatchShowsBothSidesAndOnlyAnAdminResolvesIt() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Payments.pay(api, key, "4242424242424242", 1000, "usd", "automatic");
        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key,
                "{\"date\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\",\"breaks\":[\"amount\"]}");
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        String item = null;
        long until = System.currentTimeMillis() + 30_000;
        while (item == null && System.currentTimeMillis() < until) {
            var found = api.get("/v1/reconciliation/items?class=amount_mismatch", key).json().path("data");
            item = found.isEmpty() ? null : found.path(0).path("id").asString();
            Payments.sleep(200);
        }
        assertThat(item).as("an amount_mismatch item").isNotNull();

        DashboardClient analyst = userWithRole(account, "analyst");
        assertThat(analyst.get("/dashboard/reconciliation?class=amount_mismatch").body()).contains(item);
        DashboardClient.Page seen = analyst.get("/dashboard/reconciliation/items/" + item);
        assertThat(seen.body()).contains("10.00 USD").contains("11.00 USD").doesNotContain("id=\"resolve\"");
        assertThat(analyst.post("/dashboard/reconciliation/items/" + item + "/resolve",
                Map.of("_csrf", DashboardClient.hiddenCsrf(seen), "action", "write_off")).status()).isEqualTo(403);

        DashboardClient admin = userWithRole(account, "admin");
        DashboardClient.Page page = admin.get("/dashboard/reconciliation/items/" + item);
        assertThat(page.body()).contains("id=\"resolve\"");
        DashboardClient.Page noAction = admin.post("/dashboard/reconciliation/items/" + item + "/resolve",
                Map.of("_csrf", DashboardClient.hiddenCsrf(page), "note", "kept"));
        assertThat(noAction.body()).as("the API's error beside the choice").contains("id=\"error-action\"").contains("value=\"kept\"");
        DashboardClient.Page resolved = admin.post("/dashboard/reconciliation/items/" + item + "/resolve",
                Map.of("_csrf", DashboardClient.hiddenCsrf(page), "action", "write_off", "note", "checked with the processor"));
        assertThat(resolved.body()).contains("id=\"item-status\">resolved<").contains("checked with the processor");
    }

    private static final Pattern KEY_SECRET = Pattern.compile("id=\"key-secret\">(rk_test_[0-9A-Za-z]{32})<");

    private long keys(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM tenancy_api_keys WHERE account_id = :a").param("a", account.id()).query(Long.class).single();
    }

    @Test
    void aDeveloperCreatesARestrictedKeyFromCheckboxesSeesItsSecretOnceAndRevokesIt() {
        Api.Account account = api.newAccount();
        String email = "keys-" + account.id() + "@example.com";
        String userId = DashboardClient.user(api, account, email, "developer");
        DashboardClient developer = new DashboardClient(api).signedIn(email);
        DashboardClient.Page page = developer.get("/dashboard/developers/api_keys");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"create-key\"").contains("id=\"scope-customers-read\"")
                .contains("id=\"scope-webhook_endpoints-write\"").as("no write scope the role cannot grant")
                .doesNotContain("id=\"scope-refunds-write\"");
        String csrf = DashboardClient.hiddenCsrf(page);
        String path = "/dashboard/developers/api_keys";
        long before = keys(account);

        DashboardClient.Page none = developer.post(path, List.of(new String[] {"_csrf", csrf}, new String[] {"name", "CRM sync"}));
        assertThat(none.body()).as("the API's error beside the scopes").contains("id=\"error-scopes\"")
                .contains("aria-describedby=\"error-scopes\"").contains("value=\"CRM sync\"");
        DashboardClient.Page byHand = developer.post(path, List.of(new String[] {"_csrf", csrf},
                new String[] {"scopes", "charges:read"}, new String[] {"scopes", "refunds:write"}));
        assertThat(byHand.body()).as("a scope beyond the role, posted by hand").contains("id=\"error-scopes\"")
                .contains("cannot grant refunds:write").contains("checked");
        assertThat(keys(account)).as("refused forms write nothing").isEqualTo(before);

        Matcher formKey = IDEMPOTENCY.matcher(none.body());
        assertThat(formKey.find()).as("the key form carries an idempotency key").isTrue();
        List<String[]> form = List.of(new String[] {"_csrf", csrf}, new String[] {"name", "CRM sync"},
                new String[] {"scopes", "customers:read"}, new String[] {"scopes", "webhook_endpoints:write"},
                new String[] {"idempotency_key", formKey.group(1)});
        DashboardClient.Page created = developer.post(path, form);
        developer.post(path, form);
        assertThat(keys(account)).as("the double click mints one key").isEqualTo(before + 1);
        assertThat(created.body()).contains("id=\"key-secret-once\"");
        Matcher secret = KEY_SECRET.matcher(created.body());
        assertThat(secret.find()).as(created.body()).isTrue();
        assertThat(api.get("/v1/customers", secret.group(1)).status()).as("the key works").isEqualTo(200);
        assertThat(api.post("/v1/refunds", secret.group(1), "{}").status()).as("within its scopes").isEqualTo(403);
        DashboardClient.Page again = developer.get(path);
        assertThat(again.body()).as("the secret is shown once").doesNotContain(secret.group(1)).contains("CRM sync")
                .contains("customers:read, webhook_endpoints:write");

        String keyId = api.get("/v1/api_keys", account.testKey()).json().path("data").path(0).path("id").asString();
        DashboardClient.Page revoked = developer.post(path + "/" + keyId + "/revoke", Map.of("_csrf", csrf));
        assertThat(revoked.body()).contains("id=\"notice\"").contains("revoked ");
        assertThat(api.get("/v1/customers", secret.group(1)).text("code")).isEqualTo("api_key_revoked");
        var audit = api.get("/v1/audit_log?object=" + keyId, account.testKey()).json().path("data");
        assertThat(audit.valueStream().map(e -> e.path("action").asString()).toList()).containsExactly("api_key.revoked", "api_key.created");
        assertThat(audit.toString()).as("who did it").contains(userId);
    }

    @Test
    void anAnalystCannotCreateRevealOrRevokeKeysThroughThePagesNorByPostingTheForms() {
        Api.Account account = api.newAccount();
        Api.Response key = api.post("/v1/api_keys", account.testKey(), "{\"name\":\"Existing\",\"scopes\":[\"events:read\"]}");
        DashboardClient analyst = userWithRole(account, "analyst");
        DashboardClient.Page page = analyst.get("/dashboard/developers/api_keys");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Existing").contains(key.text("redacted")).doesNotContain(key.text("secret"))
                .doesNotContain("id=\"create-key\"").doesNotContain("class=\"danger revoke\"").contains("id=\"keys-read-only\"");
        String csrf = DashboardClient.hiddenCsrf(page);
        long before = keys(account);

        DashboardClient.Page create = analyst.post("/dashboard/developers/api_keys",
                List.of(new String[] {"_csrf", csrf}, new String[] {"scopes", "customers:read"}));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).contains("Your role (analyst) does not allow this action.").doesNotContain("rk_test_");
        DashboardClient.Page revoke = analyst.post("/dashboard/developers/api_keys/" + key.text("id") + "/revoke", Map.of("_csrf", csrf));
        assertThat(revoke.status()).isEqualTo(403);
        assertThat(keys(account)).isEqualTo(before);
        assertThat(api.get("/v1/events", key.text("secret")).status()).as("the key was not revoked").isEqualTo(200);
    }

    @Test
    void aCustomersPageShowsItsSubscriptionsInvoicesAndCreditBalance() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":1806537600}").text("id"); // 2027-04-01
        String customer = api.post("/v1/customers", key, "{\"name\":\"Credit\",\"test_clock\":\"" + clock + "\"}").text("id");
        String method = Payments.paymentMethod(api, key, "4242424242424242");
        api.post("/v1/payment_methods/" + method + "/attach", key, "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
        String product = api.post("/v1/products", key, "{\"name\":\"Plans\"}").text("id");
        String basic = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":1000,\"recurring\":{\"interval\":\"month\"}}").text("id");
        String pro = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":3000,\"recurring\":{\"interval\":\"month\"}}").text("id");
        Api.Response subscription = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\""
                + pro + "\"}]}");
        String sub = subscription.text("id");
        DashboardClient owner = owner(account);
        String csrf = DashboardClient.hiddenCsrf(owner.get("/dashboard/billing"));
        DashboardClient.Page advanced = owner.post("/dashboard/billing/test_clocks/" + clock + "/advance",
                Map.of("_csrf", csrf, "frozen_time", "2027-04-11T00:00"));
        assertThat(advanced.status()).as(advanced.body()).isEqualTo(200);
        long until = System.currentTimeMillis() + 30_000;
        while (!api.get("/v1/test_helpers/test_clocks/" + clock, key).text("status").equals("ready") && System.currentTimeMillis() < until) {
            Payments.sleep(100);
        }
        assertThat(api.get("/v1/test_helpers/test_clocks/" + clock, key).json().path("frozen_time").asLong())
                .as("the date picker's UTC time").isEqualTo(1807401600L);
        Api.Response downgraded = api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + basic
                + "\"}],\"proration_behavior\":\"always_invoice\"}");
        assertThat(downgraded.status()).as(downgraded.toString()).isEqualTo(200);

        DashboardClient.Page page = owner.get("/dashboard/customers/" + customer);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("13.33 USD credit").contains(sub).contains(basic + " × 1")
                .contains(subscription.text("latest_invoice")).contains("30.00 USD").contains("visa");
        assertThat(page.body().split("/dashboard/billing/invoices/", -1).length - 1).as("both invoices").isEqualTo(2);
        assertThat(new DashboardClient(api).get("/dashboard/customers/" + customer).status()).isEqualTo(302);
        Api.Account other = api.newAccount();
        assertThat(owner(other).get("/dashboard/customers/" + customer).status()).as("another account's customer").isEqualTo(404);
    }

    @Test
    void inviteAndResolveFormsShowTheApisErrorBesideTheField() {
        Api.Account account = api.newAccount();
        DashboardClient owner = owner(account);
        DashboardClient.Page users = owner.get("/dashboard/users");
        DashboardClient.Page bad = owner.post("/dashboard/users", Map.of("_csrf", DashboardClient.hiddenCsrf(users), "email", "nope",
                "role", "analyst"));
        assertThat(bad.body()).contains("email must be an email address.").contains("id=\"error-email\"").contains("value=\"nope\"");
        DashboardClient.Page invited = owner.post("/dashboard/users", Map.of("_csrf", DashboardClient.hiddenCsrf(users),
                "email", "new-" + account.id() + "@example.com", "role", "developer"));
        assertThat(invited.body()).contains("id=\"invite-once\"").contains("inv_");
    }

    @Test
    void aUserWithTwoFactorIsAskedForItsCodeAndSignsInWithIt() throws Exception {
        Api.Account account = api.newAccount();
        String email = "2fa-" + account.id() + "@example.com";
        String userId = DashboardClient.user(api, account, email, "developer");
        DashboardClient setUp = new DashboardClient(api).signedIn(email);
        Map<String, String> asUser = Map.of("Cookie", setUp.cookieHeader(), "X-CSRF-Token", setUp.csrfCookie());
        String secret = api.send("POST", "/v1/users/" + userId + "/totp", null, "{}", asUser).text("secret");
        Api.Response enabled = api.send("POST", "/v1/users/" + userId + "/totp/enable", null,
                "{\"code\":\"" + totp(secret, java.time.Instant.now()) + "\"}", asUser);
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);

        DashboardClient browser = new DashboardClient(api);
        DashboardClient.Page asked = browser.signIn(email, DashboardClient.PASSWORD, "test");
        assertThat(asked.status()).isEqualTo(401);
        assertThat(asked.body()).contains("send totp_code as well").contains("id=\"totp_code\"");
        assertThat(browser.get("/dashboard").status()).isEqualTo(302);
        DashboardClient.Page signedIn = browser.signIn(email, DashboardClient.PASSWORD, "test", totp(secret, java.time.Instant.now()));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        assertThat(browser.get("/dashboard").status()).isEqualTo(200);
    }

    /** RFC 6238 with SHA-1, 30 s steps, 6 digits: what an authenticator app shows for {@code base32} at {@code time}. */
    private static String totp(String base32, java.time.Instant time) throws Exception {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream key = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.replace("=", "").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                key.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.toByteArray(), "HmacSHA1"));
        byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(time.getEpochSecond() / 30).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format(java.util.Locale.ROOT, "%06d", binary % 1_000_000);
    }

    private long refunds(String paymentIntent) {
        return jdbc.sql("SELECT count(*) FROM refunds WHERE payment_intent_id = :p").param("p", paymentIntent).query(Long.class).single();
    }
}
