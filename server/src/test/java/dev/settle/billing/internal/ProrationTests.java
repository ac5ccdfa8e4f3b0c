package dev.settle.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProrationTests {

    private static final Instant START = Instant.parse("2027-04-01T00:00:00Z");
    private static final Instant END = Instant.parse("2027-05-01T00:00:00Z");

    @Test
    void dayTenOfAThirtyDayPeriodLeavesTwoThirds() {
        Instant day10 = Instant.parse("2027-04-11T00:00:00Z");
        // 1000 × 20/30 = 666.666… → 667 (credited as −6.67); 3000 × 20/30 = 2000 exactly.
        assertThat(Proration.remaining(1000, START, END, day10)).isEqualTo(667);
        assertThat(Proration.remaining(3000, START, END, day10)).isEqualTo(2000);
        // Halves go away from zero: 1 × 15/30 = 0.5 → 1; and to the second: one second in, all but a sliver.
        assertThat(Proration.remaining(1, START, END, Instant.parse("2027-04-16T00:00:00Z"))).isEqualTo(1);
        assertThat(Proration.remaining(2_592_000, START, END, START.plusSeconds(1))).isEqualTo(2_591_999);
    }

    @Test
    void edgesAndHugeAmounts() {
        assertThat(Proration.remaining(1000, START, END, START)).isEqualTo(1000);
        assertThat(Proration.remaining(1000, START, END, END)).isZero();
        // 999,999,999,999 × 2,591,999 overflows a long; the result does not.
        assertThat(Proration.remaining(999_999_999_999L, START, END, START.plusSeconds(1))).isEqualTo(999_999_614_197L);
    }
}
