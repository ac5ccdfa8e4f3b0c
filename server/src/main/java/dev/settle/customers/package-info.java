/** Customers: who pays. Every customer belongs to one account and mode. */
@ApplicationModule(allowedDependencies = {"shared", "tenancy", "events"})
@NullMarked
package dev.settle.customers;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
