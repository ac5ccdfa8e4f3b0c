package dev.settle.billing.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a billing pass works on, and its time: the objects on one test clock at that clock's
 * frozen time, or the objects on no test clock at the wall clock's time.
 */
record Scope(@Nullable String testClock, Instant now) {

    /** The SQL condition selecting the scope's rows of a table with a {@code test_clock_id} column. */
    String condition() {
        return testClock == null ? "test_clock_id IS NULL" : "test_clock_id = :clock";
    }
}
