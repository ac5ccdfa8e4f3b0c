/**
 * Reconciliation: processor settlement reports in (uploaded, or pulled each day through the
 * connector SPI), matched by the processor's reference against Settle's own books, which this
 * module keeps from payments' and refunds' events; discrepancies classified, listed, exported
 * and resolved into the ledger. See docs/reconciliation.md.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "payments", "payments::spi", "refunds", "ledger",
        "events", "files"})
@NullMarked
package dev.settle.reconciliation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
