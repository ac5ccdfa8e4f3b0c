/**
 * Refunds: full and partial, through the processor, never more than captured minus refunded
 * (money rule 3), each with its ledger reversal in the same transaction as its state change.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "payments", "payments::spi", "events", "idempotency"})
@NullMarked
package dev.settle.refunds;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
