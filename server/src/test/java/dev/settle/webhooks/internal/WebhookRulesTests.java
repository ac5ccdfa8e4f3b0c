package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

/** The pure rules: signatures against the reference library, address classes, Retry-After, event patterns. */
class WebhookRulesTests {

    @Test
    void signaturesVerifyWithTheReferenceLibrary() throws Exception {
        String first = SigningSecrets.generate();
        String second = SigningSecrets.generate();
        String body = "{\"id\":\"evt_1\",\"text\":\"Grüße ☕\"}";
        long now = Instant.now().getEpochSecond();
        String header = Signatures.header(List.of(first, second), "evt_1", now, body.getBytes(StandardCharsets.UTF_8));

        Map<String, List<String>> headers = Map.of("webhook-id", List.of("evt_1"), "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(header));
        new Webhook(first).verify(body, headers);
        new Webhook(second).verify(body, headers);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(new Webhook(first).sign("evt_1", now, body)).isEqualTo(header.split(" ")[0]);
    }

    @Test
    void anExpiredPreviousSecretNoLongerSigns() {
        Instant now = Instant.now();
        SigningSecrets secrets = new SigningSecrets("whsec_a", "whsec_b", now.plusSeconds(1));
        assertThat(secrets.activeAt(now)).containsExactly("whsec_a", "whsec_b");
        assertThat(secrets.activeAt(now.plusSeconds(1))).containsExactly("whsec_a");
        assertThat(secrets.toString()).doesNotContain("whsec_");
    }

    @ParameterizedTest(name = "{0} is internal")
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "fc00::1",
            "fd00:ec2::254", "fe80::1", "ff02::1", "fec0::1"})
    void internalAddresses(String address) throws Exception {
        assertThat(UrlGuard.internal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
            "::ffff:93.184.216.34", "2002:5db8:d822::1"})
    void publicAddresses(String address) throws Exception {
        assertThat(UrlGuard.internal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(WebhookSender.retryAfter("120", now)).isEqualTo(now.plusSeconds(120));
        assertThat(WebhookSender.retryAfter(" 0 ", now)).isEqualTo(now);
        assertThat(WebhookSender.retryAfter("Thu, 01 Jan 2026 00:10:00 GMT", now)).isEqualTo(now.plusSeconds(600));
        assertThat(WebhookSender.retryAfter("99999999999999999999", now)).isAfter(now.plusSeconds(86_400));
        assertThat(WebhookSender.retryAfter("soon", now)).isNull();
        assertThat(WebhookSender.retryAfter("-5", now)).isNull();
        assertThat(WebhookSender.retryAfter(null, now)).isNull();
    }

    @Test
    void eventPatternsSelectTypesByPrefix() {
        assertThat(EndpointFields.patternsMatching("customer.subscription.updated"))
                .containsExactlyInAnyOrder("*", "customer.subscription.updated", "customer.*", "customer.subscription.*");
        assertThat(EndpointFields.patternsMatching("payment_intent.succeeded")).doesNotContain("payment.*");
    }
}
