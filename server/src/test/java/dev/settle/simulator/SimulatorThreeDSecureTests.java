package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** The 3-D Secure card: the shopper's page, completing or failing it, and the webhook that follows. */
class SimulatorThreeDSecureTests {

    private final SimulatorFixture fixture = SimulatorFixture.get();
    private final SimulatorClient client = fixture.client;

    @Test
    void thePageShowsTheAmountAndTwoButtonsWithoutAnApiKey() {
        Response charge = client.post("/v1/charges", """
                {"amount": 1999, "currency": "usd", "token": "%s", "description": "<b>Tea</b> & cake"}"""
                .formatted(client.token("4000002500003155")), SimulatorClient.newKey());
        Response page = browser("GET", charge.text("next_action_url"), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.raw().body())
                .contains("19.99 USD")
                .contains("for &lt;b&gt;Tea&lt;/b&gt; &amp; cake")
                .contains("action=\"/3ds/" + charge.text("id") + "/complete\"")
                .contains("value=\"succeed\"")
                .contains("value=\"fail\"");

        assertThat(browser("GET", client.baseUrl + "/3ds/sch_nope0000000000000000000", null).status()).isEqualTo(404);
    }

    @Test
    void completingAuthenticationSucceedsTheChargeAndSendsASignedWebhook() {
        Response charge = client.charge(client.token("4000002500003155"), 1999, "usd", true, SimulatorClient.newKey());
        String id = charge.text("id");
        Response completed = browser("POST", client.baseUrl + "/3ds/" + id + "/complete", "{\"outcome\": \"succeed\"}");

        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.text("status")).isEqualTo("succeeded");
        assertThat(completed.json().path("captured").asBoolean()).isTrue();
        assertThat(completed.json().path("fee").asLong()).isEqualTo(88);
        assertThat(completed.json().path("next_action_url").isNull()).isTrue();

        List<WebhookReceiver.Delivery> events = fixture.receiver.await(id, 1, Duration.ofSeconds(5));
        assertThat(events).extracting(WebhookReceiver.Delivery::type).containsExactly("charge.succeeded");
        SimulatorWebhookTests.assertSigned(events.getFirst(), fixture.server.webhookSecret());

        Response again = browser("POST", client.baseUrl + "/3ds/" + id + "/complete", "{\"outcome\": \"fail\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("charge_not_awaiting_authentication");
    }

    @Test
    void anAuthorizeOnlyChargeStaysUncapturedAfterAuthentication() {
        Response charge = client.charge(client.token("4000002500003155"), 1999, "usd", false, SimulatorClient.newKey());
        Response completed = browser("POST", client.baseUrl + "/3ds/" + charge.text("id") + "/complete", "{\"outcome\": \"succeed\"}");
        assertThat(completed.text("status")).isEqualTo("succeeded");
        assertThat(completed.json().path("captured").asBoolean()).isFalse();
    }

    @Test
    void failingAuthenticationFromTheFormFailsTheCharge() {
        Response charge = client.charge(client.token("4000002500003155"), 1999, "usd", true, SimulatorClient.newKey());
        String id = charge.text("id");
        HttpRequest form = HttpRequest.newBuilder(URI.create(client.baseUrl + "/3ds/" + id + "/complete"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=fail"))
                .build();
        Response done = client.send(form);

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.header("Content-Type")).startsWith("text/html");
        assertThat(done.raw().body()).contains("Authentication failed");
        Response failed = client.get("/v1/charges/" + id);
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.text("failure_code")).isEqualTo("authentication_failed");

        List<WebhookReceiver.Delivery> events = fixture.receiver.await(id, 1, Duration.ofSeconds(5));
        assertThat(events).extracting(WebhookReceiver.Delivery::type).containsExactly("charge.failed");
    }

    @Test
    void onlyChargesAwaitingAuthenticationCanBeCompleted() {
        String succeeded = client.charge("4242424242424242", true).text("id");
        Response refused = browser("POST", client.baseUrl + "/3ds/" + succeeded + "/complete", "{\"outcome\": \"succeed\"}");
        assertThat(refused.status()).isEqualTo(409);

        String pending = client.charge("4000002500003155", true).text("id");
        Response bad = browser("POST", client.baseUrl + "/3ds/" + pending + "/complete", "{\"outcome\": \"maybe\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorParam()).isEqualTo("outcome");
    }

    /** As a shopper's browser: no API key. */
    private Response browser(String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        return client.send(request.build());
    }
}
