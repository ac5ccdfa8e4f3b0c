/**
 * Payments: payment methods (tokenized by the processor), payment intents and their charges,
 * the processor connector SPI and its connectors, and the janitor that settles outcomes the
 * processor did not confirm.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "customers", "events", "idempotency", "simulator"})
@NullMarked
package dev.settle.payments;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
