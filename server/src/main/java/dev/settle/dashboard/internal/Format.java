package dev.settle.dashboard.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;

/** How the pages show money and times (UTC), and read an amount typed in major units. Exact: no floating point. */
public final class Format {

    static final Format INSTANCE = new Format();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 1234, "usd"} as {@code 12.34 USD}; {@code 500, "jpy"} as {@code 500 JPY}. */
    public String money(@Nullable Object minor, @Nullable Object currency) {
        if (minor == null || currency == null) {
            return "";
        }
        CurrencyUnit unit = CurrencyUnit.of(String.valueOf(currency));
        return BigDecimal.valueOf(((Number) minor).longValue(), unit.exponent()).toPlainString() + " "
                + unit.code().toUpperCase(Locale.ROOT);
    }

    public String time(@Nullable Object epochSeconds) {
        return epochSeconds instanceof Number n ? TIME.format(Instant.ofEpochSecond(n.longValue())) : "";
    }

    /** Unix seconds as a {@code datetime-local} field's value (UTC, to the minute), to start a date picker there. */
    public String dateTimeLocal(@Nullable Object epochSeconds) {
        return epochSeconds instanceof Number n ? LOCAL.format(Instant.ofEpochSecond(n.longValue())) : "";
    }

    /** {@code "12.5"} in USD as 1250 minor units; more decimals than the currency has is an error on {@code param}. */
    static long minorUnits(String major, String currency, String param) {
        CurrencyUnit unit = CurrencyUnit.of(currency);
        BigDecimal value;
        try {
            value = new BigDecimal(major.trim());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.invalidParam(param, "Enter an amount such as 12.50.");
        }
        if (value.scale() > unit.exponent() && value.stripTrailingZeros().scale() > unit.exponent()) {
            throw InvalidRequestException.invalidParam(param, unit.code().toUpperCase(Locale.ROOT) + " has "
                    + unit.exponent() + " decimal places.");
        }
        try {
            return value.movePointRight(unit.exponent()).longValueExact();
        } catch (ArithmeticException e) {
            throw InvalidRequestException.invalidParam(param, "That amount is too large.");
        }
    }

    /** Major units for a form field's initial value. */
    public String major(@Nullable Object minor, @Nullable Object currency) {
        if (minor == null || currency == null) {
            return "";
        }
        return BigDecimal.valueOf(((Number) minor).longValue(), CurrencyUnit.of(String.valueOf(currency)).exponent()).toPlainString();
    }
}
