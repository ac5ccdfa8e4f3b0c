/**
 * Webhooks: inbound from processors (verified, stored raw, deduplicated, then handed to the
 * processor's connector) and outbound to merchants' endpoints (Standard Webhooks signatures,
 * durable at-least-once deliveries fed by {@link dev.settle.events.EventsRelayed}).
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "payments", "payments::spi", "refunds", "events", "tenancy"})
@NullMarked
package dev.settle.webhooks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
