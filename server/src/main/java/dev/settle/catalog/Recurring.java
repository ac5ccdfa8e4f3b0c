package dev.settle.catalog;

import java.time.ZonedDateTime;
import java.util.Locale;

/** How often a recurring price bills: every {@code intervalCount} {@code interval}s. */
public record Recurring(Interval interval, int intervalCount) {

    public enum Interval {
        DAY(365), WEEK(52), MONTH(12), YEAR(1);

        /** The most of this interval one period may span (one year, as Stripe allows). */
        public final int maxCount;

        Interval(int maxCount) {
            this.maxCount = maxCount;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Interval of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The end of the {@code n}-th period after {@code anchor}, counted from the anchor itself so
     * that month ends follow the calendar: a Jan 31 anchor gives Feb 28 (29), then Mar 31.
     */
    public ZonedDateTime periodEnd(ZonedDateTime anchor, long n) {
        long units = Math.multiplyExact(n, intervalCount);
        return switch (interval) {
            case DAY -> anchor.plusDays(units);
            case WEEK -> anchor.plusWeeks(units);
            case MONTH -> anchor.plusMonths(units);
            case YEAR -> anchor.plusYears(units);
        };
    }

    public boolean sameAs(Recurring other) {
        return interval == other.interval && intervalCount == other.intervalCount;
    }
}
