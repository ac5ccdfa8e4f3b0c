/**
 * The double-entry ledger: every money movement is one balanced transaction, posted in the
 * same database transaction as the state change that caused it (money rule 2). Entries are
 * immutable; corrections are new transactions. See docs/ledger.md for the chart of accounts.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "payments", "refunds", "billing"})
@NullMarked
package dev.settle.ledger;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
