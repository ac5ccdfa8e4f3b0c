package dev.settle.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;

/** The amount of a quantity of a price, computed by hand at every tier boundary. */
class CatalogPriceTests {

    /** Units 1–5 at 5.00 plus 1.00 flat; 6–10 at 4.00 plus 2.00 flat; 11+ at 3.00. */
    private static final List<PriceTier> TIERS = List.of(
            new PriceTier(5L, 500, 100), new PriceTier(10L, 400, 200), new PriceTier(null, 300, 0));

    private static CatalogPrice tiered(CatalogPrice.TiersMode mode) {
        return new CatalogPrice("price_t", "prod_t", CurrencyUnit.of("usd"), new Recurring(Recurring.Interval.MONTH, 1),
                CatalogPrice.BillingScheme.TIERED, null, mode, TIERS, true);
    }

    private static CatalogPrice perUnit(String currency, long unitAmount) {
        return new CatalogPrice("price_u", "prod_u", CurrencyUnit.of(currency), null, CatalogPrice.BillingScheme.PER_UNIT,
                unitAmount, null, List.of(), true);
    }

    @ParameterizedTest(name = "graduated, {0} units = {1}")
    @CsvSource({
            "0, 0",
            // 1×500 + 100
            "1, 600",
            // 5×500 + 100: the last unit of tier 1
            "5, 2600",
            // tier 1 full (2600) + 1×400 + 200: the first unit of tier 2
            "6, 3200",
            // 2600 + 5×400 + 200
            "10, 4800",
            // 4800 + 1×300
            "11, 5100",
            // 4800 + 90×300
            "100, 31800"})
    void graduatedChargesEachTierForItsOwnUnits(long quantity, long expected) {
        assertThat(tiered(CatalogPrice.TiersMode.GRADUATED).amountFor(quantity).minor()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "volume, {0} units = {1}")
    @CsvSource({
            "0, 0",
            // 1×500 + 100
            "1, 600",
            // 5×500 + 100
            "5, 2600",
            // every unit at tier 2: 6×400 + 200
            "6, 2600",
            // 10×400 + 200
            "10, 4200",
            // 11×300
            "11, 3300",
            "100, 30000"})
    void volumeChargesEveryUnitAtTheTierTheQuantityFallsIn(long quantity, long expected) {
        assertThat(tiered(CatalogPrice.TiersMode.VOLUME).amountFor(quantity).minor()).isEqualTo(expected);
    }

    @Test
    void perUnitKeepsEachCurrencysOwnExponent() {
        // ¥1,500 × 3: JPY has no minor unit, so 4500 is ¥4,500.
        assertThat(perUnit("jpy", 1500).amountFor(3)).satisfies(m -> {
            assertThat(m.minor()).isEqualTo(4500);
            assertThat(m.currency().exponent()).isZero();
        });
        // 12.345 KWD × 2 = 24.690 KWD = 24690 fils.
        assertThat(perUnit("KWD", 12345).amountFor(2)).satisfies(m -> {
            assertThat(m.minor()).isEqualTo(24690);
            assertThat(m.currency().exponent()).isEqualTo(3);
            assertThat(m.currency().code()).isEqualTo("kwd");
        });
    }

    @Test
    void overflowIsRefusedNeverWrapped() {
        assertThatThrownBy(() -> perUnit("usd", 999_999_999_999L).amountFor(Long.MAX_VALUE / 1000))
                .isInstanceOf(InvalidRequestException.class)
                .hasFieldOrPropertyWithValue("code", "amount_too_large");
        assertThatThrownBy(() -> perUnit("usd", 1).amountFor(-1)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void monthEndAnchorsFollowTheCalendar() {
        Recurring monthly = new Recurring(Recurring.Interval.MONTH, 1);
        ZonedDateTime jan31 = ZonedDateTime.of(2027, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(monthly.periodEnd(jan31, 1).toLocalDate()).hasToString("2027-02-28");
        assertThat(monthly.periodEnd(jan31, 2).toLocalDate()).hasToString("2027-03-31");
        assertThat(monthly.periodEnd(jan31, 3).toLocalDate()).hasToString("2027-04-30");
        ZonedDateTime leap = ZonedDateTime.of(2028, 1, 31, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(monthly.periodEnd(leap, 1).toLocalDate()).hasToString("2028-02-29");
        assertThat(new Recurring(Recurring.Interval.WEEK, 2).periodEnd(jan31, 1).toLocalDate()).hasToString("2027-02-14");
    }
}
