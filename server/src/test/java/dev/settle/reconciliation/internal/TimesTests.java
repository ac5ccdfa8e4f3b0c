package dev.settle.reconciliation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimesTests {

    @Test
    void parsesReportTimesAsUtcAndRefusesWhatIsNotOne() {
        assertThat(Times.parseUtc("2024-09-02 14:03:11")).isEqualTo(Instant.parse("2024-09-02T14:03:11Z"));
        assertThat(Times.parseUtc("2024-02-29 00:00:00")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(Times.parseUtc("2023-02-29 00:00:00")).isNull();
        assertThat(Times.parseUtc("2024-13-01 00:00:00")).isNull();
        assertThat(Times.parseUtc("2024-09-02T14:03:11")).isNull();
        assertThat(Times.parseUtc("2024-09-02 14:03")).isNull();
        assertThat(Times.parseUtc("2024-09-02 24:00:00")).isNull();
        assertThat(Times.parseUtc("yesterday at 5")).isNull();
    }

    @Test
    void writesWhatPostgresReadsAsTheSameInstant() {
        StringBuilder out = new StringBuilder();
        Times.appendUtc(out, Instant.parse("2024-09-02T04:03:01Z"));
        assertThat(out).hasToString("2024-09-02 04:03:01+00");
        out.setLength(0);
        Times.appendUtc(out, Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(out).hasToString("1969-12-31 23:59:59+00");
    }
}
