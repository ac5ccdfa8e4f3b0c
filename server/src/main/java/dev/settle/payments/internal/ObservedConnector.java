package dev.settle.payments.internal;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.settle.payments.spi.CardDetails;
import dev.settle.payments.spi.CardToken;
import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.payments.spi.ProcessorRefund;
import dev.settle.payments.spi.SettlementPeriod;
import dev.settle.shared.Money;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Every call to a processor as one observation, {@code settle.processor.call}: a timer (latency
 * by processor, operation and outcome; an exception is outcome {@code error} with its class in
 * {@code error}) and, with tracing on, a span the processor's HTTP call runs in (so its
 * {@code traceparent} header names it).
 */
final class ObservedConnector implements ProcessorConnector {

    private final ProcessorConnector connector;
    private final ObservationRegistry observations;

    ObservedConnector(ProcessorConnector connector, ObservationRegistry observations) {
        this.connector = connector;
        this.observations = observations;
    }

    private <T> T observe(String operation, Supplier<T> call, Function<T, String> outcome) {
        Observation observation = Observation.createNotStarted("settle.processor.call", observations)
                .contextualName("processor " + operation)
                .lowCardinalityKeyValue("processor", connector.name())
                .lowCardinalityKeyValue("operation", operation)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.get();
            observation.lowCardinalityKeyValue(KeyValue.of("outcome", outcome.apply(result)));
            return result;
        } catch (RuntimeException e) {
            observation.lowCardinalityKeyValue(KeyValue.of("outcome", "error"));
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    private static String of(ProcessorCharge charge) {
        return charge.outcome().name().toLowerCase(Locale.ROOT);
    }

    private static String of(ProcessorRefund refund) {
        return refund.outcome().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return connector.name();
    }

    @Override
    public CardToken tokenize(CardDetails card) {
        return observe("tokenize", () -> connector.tokenize(card), token -> "ok");
    }

    @Override
    public CardToken retrieveToken(String token) {
        return observe("retrieve_token", () -> connector.retrieveToken(token), found -> "ok");
    }

    @Override
    public ProcessorCharge authorize(String merchant, String token, Money amount, boolean capture, String idempotencyKey) {
        return observe("authorize", () -> connector.authorize(merchant, token, amount, capture, idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorCharge capture(String reference, Money amount, String idempotencyKey) {
        return observe("capture", () -> connector.capture(reference, amount, idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorCharge voidAuthorization(String reference, String idempotencyKey) {
        return observe("void", () -> connector.voidAuthorization(reference, idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorCharge retrieveByIdempotencyKey(String idempotencyKey) {
        return observe("retrieve", () -> connector.retrieveByIdempotencyKey(idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorCharge retrieve(String reference) {
        return observe("retrieve", () -> connector.retrieve(reference), ObservedConnector::of);
    }

    @Override
    public ProcessorRefund refund(String chargeReference, Money amount, String idempotencyKey) {
        return observe("refund", () -> connector.refund(chargeReference, amount, idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorRefund retrieveRefundByIdempotencyKey(String idempotencyKey) {
        return observe("retrieve_refund", () -> connector.retrieveRefundByIdempotencyKey(idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorRefund cancelRefund(String reference, String idempotencyKey) {
        return observe("cancel_refund", () -> connector.cancelRefund(reference, idempotencyKey), ObservedConnector::of);
    }

    @Override
    public ProcessorEvent parseWebhook(Map<String, String> headers, byte[] rawBody) {
        return connector.parseWebhook(headers, rawBody);
    }

    @Override
    public InputStream fetchSettlementReport(SettlementPeriod period) {
        return observe("settlement_report", () -> connector.fetchSettlementReport(period), report -> "ok");
    }
}
