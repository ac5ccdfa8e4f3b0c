package dev.settle.ratelimits.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.redis.*}: a Redis shared by every node, for the rate limits.
 *
 * @param uri            {@code redis://[:password@]host:6379[/db]} or {@code rediss://…}; empty = limits
 *                       in each node's memory
 * @param commandTimeout a command not answered within this fails open (the request is served)
 */
@ConfigurationProperties("settle.redis")
record RedisProperties(@DefaultValue("") String uri, @DefaultValue("200ms") Duration commandTimeout) {

    boolean configured() {
        return !uri.isBlank();
    }
}
