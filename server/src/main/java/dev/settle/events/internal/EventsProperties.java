package dev.settle.events.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.events.*}.
 *
 * @param retention       how long the archive keeps events (hourly purge; on MongoDB also a TTL index)
 * @param relayInterval   the relay's and archiver's safety-net interval (commits wake them at once)
 * @param outboxRetention relayed and archived rows are dropped from the outbox after this; as long
 *                        as the archive's retention by default, so that an archive moved to another
 *                        store can be filled again from PostgreSQL
 */
@ConfigurationProperties("settle.events")
public record EventsProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("30d") Duration outboxRetention) {
}
