package dev.settle.webhooks.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Makes one HTTP attempt: POSTs the payload bytes as given with the Standard Webhooks headers,
 * never follows a redirect, keeps at most 1 KiB of the answer, and gives up after the timeout.
 */
@Component
class WebhookSender implements AutoCloseable {

    static final int EXCERPT_BYTES = 1024;
    static final String USER_AGENT = "Settle-Webhooks/1";

    /** What came of an attempt: a status (or none), how long it took, and why it failed when it did. */
    record Outcome(@Nullable Integer status, int latencyMs, @Nullable String body, @Nullable String error,
            @Nullable String retryAfter) {

        static Outcome refused(String error) {
            return new Outcome(null, 0, null, error, null);
        }

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final Duration timeout;
    private final HttpClient http;

    WebhookSender(WebhooksProperties properties) {
        this.timeout = properties.timeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.timeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    Outcome send(URI url, String webhookId, byte[] body, List<String> secrets, Instant at) {
        return send(url, webhookId, body, secrets, at, java.util.Map.of());
    }

    /** With further headers, such as the attempt's {@code traceparent}. */
    Outcome send(URI url, String webhookId, byte[] body, List<String> secrets, Instant at, java.util.Map<String, String> headers) {
        long timestamp = at.getEpochSecond();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        headers.forEach(builder::header);
        HttpRequest request = builder
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.header(secrets, webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Excerpt(EXCERPT_BYTES));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(response.statusCode(), millisSince(started), text(response.body()), null,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Outcome(null, millisSince(started), null, "timeout", null);
        } catch (ExecutionException e) {
            return new Outcome(null, millisSince(started), null, error(e.getCause()), null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, millisSince(started), null, "interrupted", null);
        }
    }

    /**
     * When a {@code Retry-After} value (delta seconds or an HTTP date) asks the next attempt to
     * be, or null when it is absent or unreadable.
     */
    static @Nullable Instant retryAfter(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            // Anything beyond a year is as good as a year: the caller caps it far lower.
            return now.plusSeconds(trimmed.length() > 8 ? 366 * 86_400L : Long.parseLong(trimmed));
        }
        try {
            return ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    private static String error(@Nullable Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect_timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection_failed";
        }
        if (cause instanceof SSLException) {
            return "tls_failed";
        }
        if (cause instanceof IOException) {
            return "connection_failed";
        }
        return "request_failed";
    }

    private static int millisSince(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    private static @Nullable String text(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        // PostgreSQL text cannot hold NUL; a cut multi-byte character decodes to U+FFFD.
        return new String(body, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /** Keeps the first {@code max} bytes of a response body and hangs up on the rest. */
    private static final class Excerpt implements HttpResponse.BodySubscriber<byte[]> {

        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;

        Excerpt(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), max - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.write(bytes, 0, take);
                if (kept.size() >= max) {
                    body.complete(kept.toByteArray());
                    if (subscription != null) {
                        subscription.cancel();
                    }
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toByteArray());
        }
    }
}
