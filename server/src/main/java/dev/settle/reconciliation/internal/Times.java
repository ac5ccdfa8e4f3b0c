package dev.settle.reconciliation.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * UTC times as reports write them ({@code 2024-09-02 14:03:11}) and as COPY reads them, without
 * a formatter per line: a million-line report parses and writes a million of each.
 */
final class Times {

    private Times() {
    }

    /** {@code yyyy-MM-dd HH:mm:ss} as UTC; null if the text is not exactly that shape or not a valid time. */
    static @Nullable Instant parseUtc(String text) {
        if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' ' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Appends {@code yyyy-MM-dd HH:mm:ss+00} (what PostgreSQL reads as a timestamptz). */
    static void appendUtc(StringBuilder out, Instant time) {
        long seconds = time.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int ofDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        out.append(date.getYear()).append('-');
        two(out, date.getMonthValue()).append('-');
        two(out, date.getDayOfMonth()).append(' ');
        two(out, ofDay / 3600).append(':');
        two(out, ofDay / 60 % 60).append(':');
        two(out, ofDay % 60).append("+00");
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append(value < 10 ? "0" : "").append(value);
    }
}
