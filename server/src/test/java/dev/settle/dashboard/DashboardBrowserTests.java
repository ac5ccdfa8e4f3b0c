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
        browser.checkPage("billing");
        browser.open("/dashboard/reconciliation");
        browser.checkPage("reconciliation");
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
            if (expect.role().equals("analyst")) {
                browser.open("/dashboard/payments/" + id);
                browser.checkPage("payment-analyst");
            }
        }
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
