package dev.settle.shared;

import java.util.Currency;
import java.util.Locale;

/**
 * An ISO 4217 currency with its real minor-unit exponent (JPY 0, USD 2, KWD 3).
 * Codes are accepted in any case and rendered lowercase, as the API speaks them.
 */
public record CurrencyUnit(String code, int exponent) {

    public CurrencyUnit {
        if (exponent < 0 || exponent > 4) {
            throw new IllegalArgumentException("Unsupported exponent " + exponent + " for " + code);
        }
    }

    /**
     * Parses a three-letter ISO 4217 code. Codes without a minor-unit definition (precious
     * metals, testing and fund codes) are refused: money in them cannot be counted in minor units.
     */
    public static CurrencyUnit of(String code, String param) {
        if (code == null || code.length() != 3) {
            throw new InvalidRequestException("invalid_currency", "Invalid currency: '" + code + "'. Use a three-letter ISO 4217 code.", param);
        }
        try {
            Currency currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("no minor unit");
            }
            return new CurrencyUnit(currency.getCurrencyCode().toLowerCase(Locale.ROOT), currency.getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_currency", "Invalid currency: '" + code + "'. Use a three-letter ISO 4217 code.", param);
        }
    }

    public static CurrencyUnit of(String code) {
        return of(code, "currency");
    }

    @Override
    public String toString() {
        return code;
    }
}
