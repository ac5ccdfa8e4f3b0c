package dev.settle.ratelimits.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * One Lettuce connection to {@code SETTLE_REDIS_URI}, opened on first use and kept: Lettuce
 * reconnects it by itself after an outage. Every command gives up after the command timeout, and
 * while the connection is down commands are refused at once instead of queued, so a dead or paused
 * Redis costs a request at most that timeout. A connection that could not be opened is tried again
 * on the next use, at most once per {@link #RETRY_CONNECT}.
 */
final class RedisConnector implements AutoCloseable {

    static final Duration RETRY_CONNECT = Duration.ofSeconds(1);
    /** To open the connection and finish its handshake (HELLO, AUTH): longer than a command may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisURI uri;
    private @Nullable StatefulRedisConnection<byte[], byte[]> connection;
    private long nextAttemptNanos;

    RedisConnector(String uri, Duration commandTimeout) {
        this.uri = RedisURI.create(uri);
        this.uri.setTimeout(CONNECT_TIMEOUT);
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
    }

    /** Where Redis is, without the password: for messages. */
    String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    synchronized StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            throw new IllegalStateException("Redis at " + address() + " was unreachable a moment ago");
        }
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            return connection;
        } catch (RuntimeException e) {
            nextAttemptNanos = now + RETRY_CONNECT.toNanos();
            throw e;
        }
    }

    /** PING within the command timeout; the exception says why not. */
    void ping() {
        connection().sync().ping();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
