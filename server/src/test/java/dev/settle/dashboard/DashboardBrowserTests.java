package dev.settle.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import com.sun.net.httpserver.HttpServer;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * The dashboard in a real browser (the machine's Chromium, headless): sign in, find a payment taken
 * through the API, its timeline, a half refund that appears with its live {@code charge.refunded}
 * event without a reload, a webhook replay, the live-mode marking, a phone-width page, and for each
 * role the actions it must not see. axe-core checks every page visited; screenshots go to
 * target/dashboard-screenshots.
 */
@SettleTest
@EnabledIf(value = "dev.settle.dashboard.Browser#installed",
        disabledReason = "Chromium and chromedriver are not installed: skipped (apt-get install chromium chromium-driver; .ci/run does)")
class DashboardBrowserTests {

    private static Browser browser;

    @Autowired
    Api api;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = new Browser(api.baseUrl());
        }
        browser.driver.manage().deleteAllCookies();
        browser.width(1280);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private void signIn(String email) {
        browser.open("/dashboard/sign-in");
        browser.driver.findElement(By.id("email")).sendKeys(email);
        browser.driver.findElement(By.id("password")).sendKeys(DashboardClient.PASSWORD);
        browser.driver.findElement(By.id("sign-in")).click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/dashboard"));
    }

    private String user(Api.Account account, String role) {
        String email = role + "-" + account.id() + "@example.com";
        DashboardClient.user(api, account, email, role);
        return email;
    }

    @Test
    void anOwnerFindsAPaymentRefundsHalfAndSeesTheRefundAndItsLiveEventWithoutReloading() {
        Api.Account account = api.newAccount();
        String email = user(account, "owner");
        browser.open("/dashboard/sign-in");
        browser.checkPage("sign-in");
        signIn(email);
        String id = Payments.pay(api, account.testKey(), "4242424242424242", 40_00, "usd", "automatic").text("id");
        Payments.pay(api, account.testKey(), "4000000000000002", 12_00, "usd", "automatic");

        browser.open("/dashboard");
        browser.waitFor(d -> browser.has("#chart canvas"));
        assertThat(browser.text("#succeeded")).isEqualTo("1");
        assertThat(browser.text("#failed")).isEqualTo("1");
        assertThat(browser.text("#success-rate")).isEqualTo("50.0%");
        assertThat(browser.text("#failures")).contains("12.00 USD");
        assertThat(browser.text("#balances")).contains("USD");
        browser.checkPage("home");

        browser.open("/dashboard/payments");
        WebElement link = browser.driver.findElement(By.linkText(id));
        browser.checkPage("payments");
        link.click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/dashboard/payments/" + id));
        assertThat(browser.text("#timeline")).contains("payment_intent.succeeded");
        browser.waitFor(d -> browser.text("#live-state").startsWith("Connected"));
        browser.checkPage("payment");

        ((JavascriptExecutor) browser.driver).executeScript("window.__samePage = 'yes';");
        browser.driver.findElement(By.id("refund-amount")).sendKeys("20.00");
        browser.driver.findElement(By.id("refund-confirm")).click();
        browser.driver.findElement(By.id("refund")).click();
        browser.waitFor(d -> browser.text("#refund-list").contains("20.00 USD"));
        browser.waitFor(d -> browser.text("#live-events").contains("charge.refunded"));
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.__samePage;")).as("no reload").isEqualTo("yes");
        assertThat(browser.text("#refunded")).isEqualTo("20.00 USD");
        browser.checkPage("payment-refunded");
        assertThat(api.get("/v1/payment_intents/" + id, account.testKey()).json().path("amount_refunded").asLong()).isEqualTo(20_00);

        browser.open("/dashboard/customers");
        browser.checkPage("customers");
        browser.open("/dashboard/users");
        browser.checkPage("users");
        browser.open("/dashboard/audit");
        browser.checkPage("audit");
        browser.open("/dashboard/billing");
        browser.checkPage("billing-empty");
        browser.open("/dashboard/reconciliation");
        browser.checkPage("reconciliation-empty");
    }

    @Test
    void aDeveloperAddsAnEndpointAndReplaysADelivery() throws IOException {
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Api.Account account = api.newAccount();
            signIn(user(account, "developer"));
            browser.open("/dashboard/developers");
            browser.driver.findElement(By.id("ep-url")).sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            browser.driver.findElement(By.id("ep-events")).clear();
            browser.driver.findElement(By.id("ep-events")).sendKeys("payment_intent.succeeded");
            browser.driver.findElement(By.cssSelector("#create-endpoint button")).click();
            browser.waitFor(d -> browser.has("#secret-once"));
            assertThat(browser.text("#secret-once .secret")).startsWith("whsec_");
            String endpointPath = "/dashboard/developers/webhook_endpoints/" + browser.text("#endpoint-id");

            Payments.pay(api, account.testKey(), "4242424242424242");
            browser.waitFor(d -> {
                browser.open(endpointPath);
                return browser.has("button.replay");
            });
            assertThat(browser.has("#secret-once")).as("the secret is shown once").isFalse();
            browser.checkPage("endpoint");
            String endpointUrl = browser.driver.getCurrentUrl();
            browser.driver.findElement(By.cssSelector("a.request-link")).click();
            browser.waitFor(d -> browser.has("#request-body"));
            assertThat(browser.text("#request-body")).as("the request body: the event").contains("payment_intent.succeeded").contains("\"object\"").contains("pi_");
            assertThat(browser.text("#event-attempts")).contains("200");
            browser.checkPage("event");
            browser.driver.get(endpointUrl);
            int before = received.get();
            browser.driver.findElement(By.cssSelector("button.replay")).click();
            browser.waitFor(d -> browser.has("#notice"));
            browser.waitFor(d -> received.get() > before);
            browser.open("/dashboard/developers");
            browser.checkPage("developers");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void eachRoleSeesOnlyTheActionsItMayTake() {
        Api.Account account = api.newAccount();
        String id = Payments.pay(api, account.testKey(), "4242424242424242").text("id");
        String keyId = api.post("/v1/api_keys", account.testKey(), "{\"name\":\"Kept\",\"scopes\":[\"events:read\"]}").text("id");
        record Expect(String role, boolean refund, boolean webhooks, boolean users) {
        }
        for (Expect expect : List.of(new Expect("analyst", false, false, false), new Expect("developer", false, true, false),
                new Expect("admin", true, true, false), new Expect("owner", true, true, true))) {
            browser.driver.manage().deleteAllCookies();
            signIn(user(account, expect.role()));
            browser.open("/dashboard/payments/" + id);
            assertThat(browser.has("#refund-form")).as(expect.role() + " refund").isEqualTo(expect.refund());
            assertThat(browser.has("a[href='/dashboard/users']")).as(expect.role() + " users").isEqualTo(expect.users());
            browser.open("/dashboard/developers");
            assertThat(browser.has("#create-endpoint")).as(expect.role() + " webhooks").isEqualTo(expect.webhooks());
            browser.open("/dashboard/developers/api_keys");
            assertThat(browser.has("#create-key")).as(expect.role() + " creates keys").isEqualTo(expect.webhooks());
            assertThat(browser.has("button.revoke")).as(expect.role() + " revokes keys").isEqualTo(expect.webhooks());
            if (expect.role().equals("analyst")) {
                assertThat(browser.text("#keys")).contains("Kept");
                browser.checkPage("api-keys-analyst");
                browser.open("/dashboard/payments/" + id);
                browser.checkPage("payment-analyst");
                // The forms the analyst is not shown, posted from its own page with its own CSRF token: each refused.
                for (String[] form : List.of(
                        new String[] {"/dashboard/payments/" + id + "/refund", "confirm=yes&idempotency_key=analyst-by-hand"},
                        new String[] {"/dashboard/developers/api_keys", "scopes=events:read"},
                        new String[] {"/dashboard/developers/api_keys/" + keyId + "/revoke", ""},
                        new String[] {"/dashboard/developers/webhook_endpoints", "url=https://example.com/h&enabled_events=*"})) {
                    browser.open("/dashboard/payments/" + id);
                    postFormByHand(form[0], form[1]);
                    browser.waitFor(d -> browser.has("main h1") && browser.text("main h1").equals("Not allowed"));
                    assertThat(browser.text("main")).as(form[0]).contains("Your role (analyst) does not allow this action.");
                }
                browser.checkPage("forbidden");
            }
        }
        assertThat(api.get("/v1/payment_intents/" + id, account.testKey()).json().path("amount_refunded").asLong()).isZero();
        assertThat(api.get("/v1/api_keys/" + keyId, account.testKey()).json().path("revoked").isNull()).isTrue();
        assertThat(api.get("/v1/api_keys", account.testKey()).json().path("data").size()).as("no key minted").isEqualTo(2);
        assertThat(api.get("/v1/webhook_endpoints", account.testKey()).json().path("data").isEmpty()).isTrue();
    }

    /** Builds a form on the current page with its CSRF token and the given fields, and submits it as a user could from the console. */
    private void postFormByHand(String action, String fields) {
        ((JavascriptExecutor) browser.driver).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const add = (name, value) => { const i = document.createElement('input'); i.type = 'hidden'; i.name = name; i.value = value;
                    form.appendChild(i); };
                add('_csrf', document.querySelector('input[name=_csrf]').value);
                new URLSearchParams(arguments[1]).forEach((value, name) => add(name, value));
                document.body.appendChild(form);
                form.submit();
                """, action, fields);
    }

    @Test
    void aDeveloperCreatesARestrictedKeySeesItsSecretOnceAndRevokesIt() {
        Api.Account account = api.newAccount();
        signIn(user(account, "developer"));
        browser.open("/dashboard/developers");
        browser.driver.findElement(By.id("api-keys-link")).click();
        browser.waitFor(d -> browser.has("#create-key"));
        browser.checkPage("api-keys");
        browser.driver.findElement(By.id("create-key-button")).click();
        browser.waitFor(d -> browser.has("#error-scopes"));
        assertThat(browser.driver.findElement(By.id("scopes")).getAttribute("aria-describedby")).isEqualTo("error-scopes");
        browser.checkPage("api-keys-error");
        browser.driver.findElement(By.id("key-name")).clear();
        browser.driver.findElement(By.id("key-name")).sendKeys("Support tool");
        browser.driver.findElement(By.id("scope-customers-read")).click();
        browser.driver.findElement(By.id("scope-charges-read")).click();
        browser.driver.findElement(By.id("create-key-button")).click();
        browser.waitFor(d -> browser.has("#key-secret-once"));
        String secret = browser.text("#key-secret");
        assertThat(secret).matches("rk_test_[0-9A-Za-z]{32}");
        browser.checkPage("api-keys-created");
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);

        browser.open("/dashboard/developers/api_keys");
        assertThat(browser.driver.getPageSource()).as("shown once").doesNotContain(secret);
        WebElement row = browser.driver.findElement(By.xpath("//table[@id='keys']//tr[td[text()='Support tool']]"));
        assertThat(row.getText()).contains("charges:read, customers:read").contains("active");
        row.findElement(By.cssSelector("button.revoke")).click();
        browser.waitFor(d -> browser.has("#notice"));
        assertThat(browser.driver.findElement(By.xpath("//table[@id='keys']//tr[td[text()='Support tool']]")).getText()).contains("revoked");
        assertThat(api.get("/v1/customers", secret).text("code")).isEqualTo("api_key_revoked");
    }

    @Test
    void anOwnerSeesACustomersBillingAndReconcilesABreakWithANote() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":1893456000,\"name\":\"Browser clock\"}").text("id");
        String customer = api.post("/v1/customers", key, "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"test_clock\":\"" + clock
                + "\"}").text("id");
        String method = Payments.paymentMethod(api, key, "4242424242424242");
        api.post("/v1/payment_methods/" + method + "/attach", key, "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
        String product = api.post("/v1/products", key, "{\"name\":\"Team plan\"}").text("id");
        String price = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":4900,\"recurring\":{\"interval\":\"month\"}}").text("id");
        Api.Response subscription = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\""
                + price + "\"}]}");
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(200);
        Payments.pay(api, key, "4242424242424242", 1000, "usd", "automatic");
        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key,
                "{\"date\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\",\"breaks\":[\"amount\"]}");
        assertThat(report.status()).as(report.toString()).isEqualTo(200);

        signIn(user(account, "owner"));
        browser.open("/dashboard/customers/" + customer);
        assertThat(browser.text("#customer-subscriptions")).contains(subscription.text("id")).contains("active");
        assertThat(browser.text("#customer-invoices")).contains("49.00 USD");
        browser.checkPage("customer");
        browser.driver.findElement(By.cssSelector("#customer-invoices a")).click();
        browser.waitFor(d -> d.getCurrentUrl().contains("/dashboard/billing/invoices/"));
        browser.checkPage("invoice");

        browser.open("/dashboard/billing");
        WebElement picker = browser.driver.findElement(By.id("advance-" + clock));
        assertThat(picker.getAttribute("type")).isEqualTo("datetime-local");
        assertThat(picker.getAttribute("value")).as("starts at the clock's time").isEqualTo("2030-01-01T00:00");
        browser.checkPage("billing");

        browser.waitFor(d -> {
            browser.open("/dashboard/reconciliation?class=amount_mismatch");
            return browser.has("#items a[href*='/dashboard/reconciliation/items/']");
        });
        browser.checkPage("reconciliation");
        browser.driver.findElement(By.cssSelector("#items a[href*='/dashboard/reconciliation/items/']")).click();
        browser.waitFor(d -> browser.has("#resolve"));
        browser.checkPage("reconciliation-item");
        browser.driver.findElement(By.cssSelector("#resolve input[value=write_off]")).click();
        browser.driver.findElement(By.id("resolve-note")).sendKeys("Fee difference confirmed with the processor");
        browser.driver.findElement(By.cssSelector("#resolve button")).click();
        browser.waitFor(d -> browser.has("#item-status") && browser.text("#item-status").equals("resolved"));
        assertThat(browser.text("main")).contains("Fee difference confirmed with the processor");
    }

    @Test
    void liveModeIsMarkedOnEveryPageAndThePagesFitAPhone() {
        Api.Account account = api.newAccount();
        signIn(user(account, "admin"));
        browser.driver.findElement(By.id("mode-switch")).click();
        browser.waitFor(d -> browser.has(".live-banner"));
        assertThat(browser.text("#mode-label")).isEqualTo("Live");
        browser.open("/dashboard/payments");
        assertThat(browser.text(".live-banner")).contains("LIVE MODE");
        browser.checkPage("live-mode");
        browser.width(390);
        browser.open("/dashboard/payments");
        Object overflow = ((JavascriptExecutor) browser.driver).executeScript("""
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');
                """);
        assertThat(overflow).as("elements wider than a 390 px screen (tables scroll in their own box)").isEqualTo("");
        browser.checkPage("payments-phone");
    }
}
