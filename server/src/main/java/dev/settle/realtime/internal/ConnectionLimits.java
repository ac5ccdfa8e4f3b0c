package dev.settle.realtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.settle.shared.TooManyRequestsException;
import dev.settle.tenancy.ApiKeyId;

/**
 * Open streams per API key and per node, counted from the handshake (so a burst of handshakes
 * cannot overshoot) to the stream's end. Per node: each node of a cluster enforces its own.
 */
@Component
class ConnectionLimits {

    private final Map<ApiKeyId, Integer> perKey = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final RealtimeProperties properties;

    ConnectionLimits(RealtimeProperties properties) {
        this.properties = properties;
    }

    /** Takes a slot for one stream of {@code key}, or refuses with 429. */
    void acquire(ApiKeyId key) {
        if (total.incrementAndGet() > properties.maxConnections()) {
            total.decrementAndGet();
            throw new TooManyRequestsException("too_many_streams",
                    "This server has " + properties.maxConnections() + " streams open, its limit; retry shortly or on another node.");
        }
        boolean[] taken = {false};
        perKey.compute(key, (k, count) -> {
            int open = count == null ? 0 : count;
            if (open >= properties.maxConnectionsPerKey()) {
                return count;
            }
            taken[0] = true;
            return open + 1;
        });
        if (!taken[0]) {
            total.decrementAndGet();
            throw new TooManyRequestsException("too_many_streams", "This API key has " + properties.maxConnectionsPerKey()
                    + " streams open, the limit per key (settle.realtime.max-connections-per-key); close one first.");
        }
    }

    void release(ApiKeyId key) {
        total.decrementAndGet();
        perKey.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    int open() {
        return total.get();
    }
}
