package dev.settle.customers;

import dev.settle.tenancy.Tenant;

/**
 * Tells whether a test clock exists for a tenant: implemented by billing, which owns test clocks,
 * so customers can check the {@code test_clock} a customer is created on without depending on it.
 */
public interface TestClocks {

    /** The clock's frozen time, if it is present, not deleted, and this tenant's (test mode only). */
    java.util.Optional<java.time.Instant> frozenTime(Tenant tenant, String testClock);
}
