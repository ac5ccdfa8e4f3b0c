package dev.settle.payments.internal.simulator;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import io.micrometer.core.instrument.binder.httpcomponents.hc5.ObservationExecChainHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 to a processor: blocking calls, made on the request's own thread, over a bounded pool
 * of keep-alive connections. A burst of payments waits for a pooled connection instead of opening
 * hundreds of sockets (the JDK's client has no bound, and under load its selector thread fell
 * so far behind that connects timed out), and a call is a write and a read on the caller's
 * thread rather than hand-offs between an asynchronous client's threads.
 * <p>
 * The deadlines keep every request inside the janitor's settle window (twice the processor
 * timeout): a call waits at most half the timeout for a pooled connection and at most a quarter
 * (and never above 2 s) to connect, so it reaches the processor within three quarters of the
 * timeout or not at all; then the processor has the whole timeout to answer. No request is ever
 * retried here: an unanswered call is an unknown outcome, which the janitor settles.
 */
final class ProcessorHttp implements AutoCloseable {

    /** A complete answer. */
    record Response(int status, byte[] body) {
    }

    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;

    ProcessorHttp(Duration timeout, int maxConnections) {
        this(timeout, maxConnections, ObservationRegistry.NOOP);
    }

    /** Each exchange observed: with tracing on, a client span whose {@code traceparent} the request carries. */
    ProcessorHttp(Duration timeout, int maxConnections, ObservationRegistry observations) {
        Duration connect = min(Duration.ofSeconds(2), timeout.dividedBy(4));
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connect))
                        .setSocketTimeout(Timeout.of(timeout))
                        // a kept-alive connection idle this long is checked before it is reused
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(timeout.dividedBy(2)))
                        .setResponseTimeout(Timeout.of(timeout))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(20))
                .setUserAgent("Settle")
                .addExecInterceptorLast("observation", new ObservationExecChainHandler(observations))
                .build();
    }

    /** Sends one request and reads its whole answer; any failure to get one is an IOException. */
    Response exchange(String method, URI uri, Map<String, String> headers, byte @Nullable [] json) throws IOException {
        return client.execute(request(method, uri, headers, json), response -> new Response(response.getCode(),
                response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
    }

    /**
     * Sends a GET whose answer is streamed; the caller closes the stream, which returns the
     * connection. A status other than 200 is an IOException.
     */
    InputStream stream(URI uri, Map<String, String> headers) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, request("GET", uri, headers, null), null);
        if (response.getCode() != 200 || response.getEntity() == null) {
            int status = response.getCode();
            response.close();
            throw new IOException("answered " + status);
        }
        return new FilterInputStream(response.getEntity().getContent()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
    }

    private static HttpUriRequestBase request(String method, URI uri, Map<String, String> headers, byte @Nullable [] json) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach(request::addHeader);
        if (json != null) {
            request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        }
        return request;
    }

    /** Connections open now (leased and idle), for tests and diagnostics. */
    int openConnections() {
        return pool.getTotalStats().getLeased() + pool.getTotalStats().getAvailable();
    }

    @Override
    public void close() {
        client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
