package dev.settle.payments.internal.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.settle.payments.internal.PaymentsProperties;
import dev.settle.payments.spi.CardDetails;
import dev.settle.payments.spi.CardRejectedException;
import dev.settle.payments.spi.CardToken;
import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.payments.spi.ProcessorRefund;
import dev.settle.payments.spi.ProcessorUnavailableException;
import dev.settle.payments.spi.SettlementPeriod;
import dev.settle.shared.Money;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector for the simulator processor, over its HTTP API only. Every money-moving call
 * carries Settle's idempotency key and the configured timeout; no answer, a lost connection
 * or a 5xx is {@code UNKNOWN}. Request bodies are never logged (tokenization carries card data).
 */
@Component
class SimulatorConnector implements ProcessorConnector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorConnector.class);

    private final SimulatorEndpoint endpoint;
    private final JsonMapper json;
    private final SimulatorWebhooks webhooks;
    private final ProcessorHttp http;

    SimulatorConnector(SimulatorEndpoint endpoint, JsonMapper json, PaymentsProperties properties, Clock clock,
            io.micrometer.observation.ObservationRegistry observations) {
        this.endpoint = endpoint;
        this.json = json;
        this.http = new ProcessorHttp(properties.processorTimeout(), properties.processorConnections(), observations);
        this.webhooks = new SimulatorWebhooks(endpoint, json, clock);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public CardToken tokenize(CardDetails card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", card.number());
        body.put("exp_month", card.expMonth());
        body.put("exp_year", card.expYear());
        body.put("cvc", card.cvc());
        return token(send("POST", "/v1/tokens", body, null));
    }

    @Override
    public CardToken retrieveToken(String token) {
        return token(send("GET", "/v1/tokens/" + encode(token), null, null));
    }

    private static CardToken token(Reply reply) {
        if (reply.status() == 200) {
            JsonNode t = reply.body();
            return new CardToken(t.path("id").asString(), t.path("brand").asString(), t.path("last4").asString(),
                    t.path("exp_month").asInt(), t.path("exp_year").asInt(), t.path("fingerprint").asString());
        }
        if (reply.status() >= 400 && reply.status() < 500) {
            JsonNode error = reply.body().path("error");
            String param = error.path("param").asString("number");
            throw new CardRejectedException(error.path("code").asString("card_rejected"), param.isEmpty() ? "number" : param,
                    error.path("message").asString("The processor refused this card."));
        }
        throw new ProcessorUnavailableException("Simulator answered " + reply.status());
    }

    @Override
    public ProcessorCharge authorize(String merchant, String token, Money amount, boolean capture, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchant", merchant);
        body.put("amount", amount.minor());
        body.put("currency", amount.currency().code());
        body.put("token", token);
        body.put("capture", capture);
        return charge(send("POST", "/v1/charges", body, idempotencyKey));
    }

    @Override
    public ProcessorCharge capture(String reference, Money amount, String idempotencyKey) {
        return charge(send("POST", "/v1/charges/" + encode(reference) + "/capture", Map.of("amount", amount.minor()), idempotencyKey));
    }

    @Override
    public ProcessorCharge voidAuthorization(String reference, String idempotencyKey) {
        return charge(send("POST", "/v1/charges/" + encode(reference) + "/void", Map.of(), idempotencyKey));
    }

    @Override
    public ProcessorCharge retrieveByIdempotencyKey(String idempotencyKey) {
        return charge(send("GET", "/v1/charges?idempotency_key=" + encode(idempotencyKey), null, null));
    }

    @Override
    public ProcessorCharge retrieve(String reference) {
        return charge(send("GET", "/v1/charges/" + encode(reference), null, null));
    }

    @Override
    public ProcessorRefund refund(String chargeReference, Money amount, String idempotencyKey) {
        return refund(send("POST", "/v1/refunds", Map.of("charge", chargeReference, "amount", amount.minor()), idempotencyKey));
    }

    @Override
    public ProcessorRefund retrieveRefundByIdempotencyKey(String idempotencyKey) {
        return refund(send("GET", "/v1/refunds?idempotency_key=" + encode(idempotencyKey), null, null));
    }

    @Override
    public ProcessorRefund cancelRefund(String reference, String idempotencyKey) {
        return refund(send("POST", "/v1/refunds/" + encode(reference) + "/cancel", Map.of(), idempotencyKey));
    }

    @Override
    public ProcessorEvent parseWebhook(Map<String, String> headers, byte[] rawBody) {
        return webhooks.parse(headers, rawBody);
    }

    @Override
    public InputStream fetchSettlementReport(SettlementPeriod period) {
        String query = "/v1/settlements?date=" + period.day() + "&merchant=" + encode(period.merchant()) + "&format="
                + period.layout() + (period.breaks().isEmpty() ? "" : "&breaks=" + encode(String.join(",", new java.util.TreeSet<>(period.breaks()))));
        try {
            return http.stream(uri(query), headers(null));
        } catch (IOException e) {
            throw new ProcessorUnavailableException("Simulator gave no settlement report for " + period.day() + ": " + e.getMessage(), e);
        }
    }

    /** Maps a reply about a charge. Anything but a definite answer is UNKNOWN. */
    private static ProcessorCharge charge(Reply reply) {
        if (reply.status() == 200) {
            JsonNode c = reply.body();
            ProcessorCharge.Outcome outcome = switch (c.path("status").asString()) {
                case "succeeded" -> ProcessorCharge.Outcome.SUCCEEDED;
                case "requires_action" -> ProcessorCharge.Outcome.REQUIRES_ACTION;
                case "processing" -> ProcessorCharge.Outcome.PROCESSING;
                case "failed" -> ProcessorCharge.Outcome.FAILED;
                case "canceled" -> ProcessorCharge.Outcome.CANCELED;
                default -> ProcessorCharge.Outcome.UNKNOWN;
            };
            return new ProcessorCharge(outcome, text(c, "id"), c.path("captured").asBoolean(false),
                    c.path("amount_captured").asLong(0), c.path("fee").asLong(0), text(c, "failure_code"),
                    text(c, "decline_code"), text(c, "failure_message"), text(c, "next_action_url"));
        }
        if (reply.status() == 404) {
            return ProcessorCharge.notFound();
        }
        if (reply.status() == 400 || reply.status() == 402 || reply.status() == 409) {
            JsonNode error = reply.body().path("error");
            return new ProcessorCharge(ProcessorCharge.Outcome.FAILED, null, false, 0, 0,
                    error.path("code").asString("processing_error"), null,
                    error.path("message").asString("The processor refused the request."), null);
        }
        return ProcessorCharge.unknown(reply.describe());
    }

    private static ProcessorRefund refund(Reply reply) {
        if (reply.status() == 200) {
            JsonNode r = reply.body();
            ProcessorRefund.Outcome outcome = switch (r.path("status").asString()) {
                case "succeeded" -> ProcessorRefund.Outcome.SUCCEEDED;
                case "pending" -> ProcessorRefund.Outcome.PENDING;
                case "failed" -> ProcessorRefund.Outcome.FAILED;
                case "canceled" -> ProcessorRefund.Outcome.CANCELED;
                default -> ProcessorRefund.Outcome.UNKNOWN;
            };
            return new ProcessorRefund(outcome, text(r, "id"), r.path("amount").asLong(0), text(r, "failure_code"));
        }
        if (reply.status() == 404) {
            return ProcessorRefund.notFound();
        }
        if (reply.status() == 400 || reply.status() == 409) {
            return new ProcessorRefund(ProcessorRefund.Outcome.FAILED, null, 0,
                    reply.body().path("error").path("code").asString("refund_failed"), reply.status() == 409);
        }
        return ProcessorRefund.unknown();
    }

    private record Reply(int status, JsonNode body, @Nullable String problem) {

        String describe() {
            return problem != null ? problem : "HTTP " + status;
        }
    }

    /** One call. Status 0 means no answer (timeout, connection refused or lost). */
    private Reply send(String method, String path, @Nullable Object body, @Nullable String idempotencyKey) {
        try {
            ProcessorHttp.Response response = http.exchange(method, uri(path), headers(idempotencyKey),
                    body == null ? null : json.writeValueAsBytes(body));
            JsonNode parsed;
            try {
                parsed = response.body().length == 0 ? json.missingNode() : json.readTree(response.body());
            } catch (RuntimeException unreadable) {
                parsed = json.missingNode();
            }
            return new Reply(response.status(), parsed, null);
        } catch (IOException e) {
            log.warn("Simulator {} {}: no answer ({})", method, path.replaceAll("\\?.*", ""), e.getClass().getSimpleName());
            return new Reply(0, json.missingNode(), e.getClass().getSimpleName());
        }
    }

    private URI uri(String path) {
        return URI.create(endpoint.baseUrl() + path);
    }

    private Map<String, String> headers(@Nullable String idempotencyKey) {
        return idempotencyKey == null ? Map.of("Authorization", "Bearer " + endpoint.apiKey())
                : Map.of("Authorization", "Bearer " + endpoint.apiKey(), "Idempotency-Key", idempotencyKey);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
