/**
 * Billing: subscriptions, invoices, renewals (exactly once per period), dunning and test clocks.
 * Prices come from the catalog, payments go through the payments facade, and every invoice
 * state change that moves money is published as {@link dev.settle.billing.InvoicePosted} inside
 * its transaction, which the ledger posts in the same transaction (docs/billing.md).
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "customers", "catalog", "payments", "events"})
@NullMarked
package dev.settle.billing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
