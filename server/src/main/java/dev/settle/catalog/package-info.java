/**
 * The catalog: products and their prices (one-time or recurring; per unit or tiered, graduated
 * or volume). Billing asks {@link dev.settle.catalog.Catalog} for a price and the amount of a
 * quantity of it. A price's amounts never change: a new amount is a new price.
 */
@ApplicationModule(allowedDependencies = {"shared", "tenancy", "events"})
@NullMarked
package dev.settle.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
