package dev.settle.dashboard.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;

/** Date fields of filter forms (yyyy-mm-dd, UTC) as the API's Unix-second bounds. */
final class Dates {

    private Dates() {
    }

    static @Nullable String startOfDay(@Nullable String date) {
        LocalDate day = parse(date, "from");
        return day == null ? null : String.valueOf(day.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }

    /** The end of the day, exclusive: the start of the next. */
    static @Nullable String endOfDay(@Nullable String date) {
        LocalDate day = parse(date, "to");
        return day == null ? null : String.valueOf(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }

    /** A {@code datetime-local} field (yyyy-mm-ddThh:mm, read as UTC) as Unix seconds. */
    static long epochSecond(@Nullable String dateTime, String param) {
        if (dateTime == null || dateTime.isBlank()) {
            throw InvalidRequestException.missingParam(param);
        }
        try {
            return LocalDateTime.parse(dateTime.trim()).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.invalidParam(param, "Enter a date and time as yyyy-mm-ddThh:mm (UTC).");
        }
    }

    private static @Nullable LocalDate parse(@Nullable String date, String param) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.invalidParam(param, "Enter a date as yyyy-mm-dd.");
        }
    }
}
