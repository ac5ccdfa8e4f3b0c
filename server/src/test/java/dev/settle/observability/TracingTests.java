package dev.settle.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One payment's trace: the API request's span, the processor call (and its HTTP exchange) and the
 * webhook delivery, which runs later from the dispatcher, share one trace id; the receiver gets a
 * {@code traceparent} of that trace. Spans go to the OpenTelemetry SDK's in-memory exporter.
 */
@SettleTest
@Import(TracingTests.InMemorySpans.class)
@TestPropertySource(properties = {"management.tracing.export.enabled=true", "management.tracing.export.otlp.enabled=false",
        "management.opentelemetry.tracing.export.schedule-delay=100ms"})
class TracingTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemorySpans {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    Api api;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Test
    void aPaymentsRequestProcessorCallAndWebhookDeliveryShareOneTrace() throws Exception {
        Api.Account account = api.newAccount();
        try (HookReceiver receiver = new HookReceiver()) {
            api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"payment_intent.succeeded\"]}");
            String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
            String traceId = String.format("%032x", System.nanoTime());
            Api.Response paid = api.send("POST", "/v1/payment_intents", account.testKey(),
                    "{\"amount\":1200,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}",
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
            assertThat(paid.text("status")).isEqualTo("succeeded");

            HookReceiver.Received delivered = receiver.await(paid.text("id"), Duration.ofSeconds(20));
            String traceparent = delivered.header("traceparent");
            assertThat(traceparent).as("the receiver's traceparent").matches("00-" + traceId + "-[0-9a-f]{16}-01");

            List<SpanData> trace = awaitSpans(traceId, "webhook delivery");
            assertThat(trace).extracting(SpanData::getName)
                    .anyMatch(name -> name.contains("/v1/payment_intents"))
                    .contains("processor authorize", "webhook delivery");
            assertThat(trace).as("the processor's HTTP exchange, a client span under the processor call")
                    .anyMatch(span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT && !span.getName().equals("webhook delivery"));
            SpanData delivery = trace.stream().filter(span -> span.getName().equals("webhook delivery")).findFirst().orElseThrow();
            assertThat(traceparent).as("the receiver is told the delivery span").contains(delivery.getSpanId());
            SpanData api = trace.stream().filter(span -> span.getName().contains("/v1/payment_intents")).findFirst().orElseThrow();
            assertThat(api.getParentSpanId()).as("the API span continues the caller's traceparent").isEqualTo("00f067aa0ba902b7");
        }
    }

    private List<SpanData> awaitSpans(String traceId, String name) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            tracerProvider.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
            List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
            if (trace.stream().anyMatch(span -> span.getName().equals(name)) || Instant.now().isAfter(deadline)) {
                return trace;
            }
            Payments.sleep(100);
        }
    }
}
