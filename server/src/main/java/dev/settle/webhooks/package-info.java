/**
 * Webhooks: inbound from processors (verified, stored raw, deduplicated, then handed to the
 * processor's connector) and, later, outbound to merchants' endpoints.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "payments", "payments::spi", "refunds"})
@NullMarked
package dev.settle.webhooks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
