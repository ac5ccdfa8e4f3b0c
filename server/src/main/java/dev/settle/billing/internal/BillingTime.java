package dev.settle.billing.internal;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.settle.tenancy.Tenant;

/**
 * The time for a billing object: its test clock's frozen time if it lives on one, else the wall
 * clock's. Objects and events made under a test clock carry the clock's time.
 */
@Component
class BillingTime {

    private final TestClockRepository clocks;
    private final Clock clock;

    BillingTime(TestClockRepository clocks, Clock clock) {
        this.clocks = clocks;
        this.clock = clock;
    }

    Instant now(Tenant tenant, @Nullable String testClock) {
        if (testClock == null) {
            return clock.instant();
        }
        return clocks.find(tenant, testClock).map(TestClock::frozenTime).orElseGet(clock::instant);
    }
}
