package dev.settle.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * docs/dashboard.md's roles table is what the dashboard does: for each row and role, the page
 * offers the action's control exactly when the table says yes, and the page route answers 200 or 403.
 */
@SettleTest
class DashboardDocsTests {

    private static final List<String> ROLES = List.of("owner", "admin", "developer", "analyst");

    /** Where each documented action shows its control, and the marker of that control in the page. */
    private static final Map<String, String[]> CONTROLS = Map.of(
            "POST /v1/refunds", new String[] {"/dashboard/payments/{pi}", "id=\"refund-form\""},
            "POST /v1/payment_intents/{id}/capture", new String[] {"/dashboard/payments/{held}", "id=\"capture\""},
            "POST /v1/payment_intents/{id}/cancel", new String[] {"/dashboard/payments/{held}", "id=\"cancel\""},
            "POST /v1/webhook_endpoints", new String[] {"/dashboard/developers", "id=\"create-endpoint\""},
            "POST /v1/webhook_endpoints/{id}/replay", new String[] {"/dashboard/developers/webhook_endpoints/{we}", "class=\"replay\""},
            "POST /v1/users", new String[] {"/dashboard/users", "id=\"invite\""},
            "POST /v1/api_keys", new String[] {"/dashboard/developers/api_keys", "id=\"create-key\""},
            "DELETE /v1/subscriptions/{id}", new String[] {"/dashboard/billing", "class=\"danger sub-cancel\""},
            "GET /v1/payment_intents", new String[] {"/dashboard/payments", "id=\"payments\""});

    @Autowired
    Api api;

    @Test
    void theRolesTableMatchesWhatEachRoleIsOffered() {
        Api.Account account = api.newAccount();
        String pi = Payments.pay(api, account.testKey(), "4242424242424242").text("id");
        String held = Payments.pay(api, account.testKey(), "4242424242424242", 500, "usd", "manual").text("id");
        String we = api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"http://127.0.0.1:9/d\",\"enabled_events\":[\"*\"]}")
                .text("id");
        Payments.pay(api, account.testKey(), "4242424242424242");
        String customer = api.post("/v1/customers", account.testKey(), "{\"name\":\"Docs\"}").text("id");
        String method = Payments.paymentMethod(api, account.testKey(), "4242424242424242");
        api.post("/v1/payment_methods/" + method + "/attach", account.testKey(),
                "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
        String product = api.post("/v1/products", account.testKey(), "{\"name\":\"Docs plan\"}").text("id");
        String price = api.post("/v1/prices", account.testKey(), "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":900,\"recurring\":{\"interval\":\"month\"}}").text("id");
        assertThat(api.post("/v1/subscriptions", account.testKey(), "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\""
                + price + "\"}]}").status()).isEqualTo(200);
        Payments.sleep(1500);
        Docs.Table table = Docs.read("dashboard").section("Roles").table("action", "API request", "owner", "admin", "developer", "analyst");
        assertThat(table.rows()).hasSize(CONTROLS.size());
        for (String role : ROLES) {
            String email = "docs-" + role + "-" + account.id() + "@example.com";
            DashboardClient.user(api, account, email, role);
            DashboardClient browser = new DashboardClient(api).signedIn(email);
            for (Docs.Row row : table.rows()) {
                String request = Docs.backticked(row.cell("api request")).getFirst();
                String[] control = CONTROLS.get(request);
                assertThat(control).as(row.at() + ": a documented action the test knows").isNotNull();
                String path = control[0].replace("{pi}", pi).replace("{held}", held).replace("{we}", we);
                DashboardClient.Page page = browser.get(path);
                boolean documented = row.cell(role).equals("yes");
                boolean offered = page.status() == 200 && page.body().contains(control[1]);
                assertThat(offered).as(row.at() + ": " + role + " offered " + request + " on " + path + " (" + page.status() + ")")
                        .isEqualTo(documented);
            }
        }
    }
}
