package dev.settle.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTests {

    @Test
    void currenciesCarryTheirRealExponent() {
        assertThat(CurrencyUnit.of("JPY").exponent()).isZero();
        assertThat(CurrencyUnit.of("usd").exponent()).isEqualTo(2);
        assertThat(CurrencyUnit.of("KWD").exponent()).isEqualTo(3);
        assertThat(CurrencyUnit.of("Eur").code()).isEqualTo("eur");
    }

    @Test
    void unknownAndUncountableCurrenciesAreRefused() {
        assertThatThrownBy(() -> CurrencyUnit.of("xyz")).isInstanceOf(InvalidRequestException.class)
                .extracting("code").isEqualTo("invalid_currency");
        assertThatThrownBy(() -> CurrencyUnit.of("XAU")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> CurrencyUnit.of("us")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void arithmeticIsExactAndSingleCurrency() {
        CurrencyUnit usd = CurrencyUnit.of("usd");
        assertThat(Money.of(150, usd).plus(Money.of(50, usd))).isEqualTo(Money.of(200, usd));
        assertThat(Money.of(150, usd).minus(Money.of(200, usd)).isNegative()).isTrue();
        assertThatThrownBy(() -> Money.of(1, usd).plus(Money.of(1, CurrencyUnit.of("eur"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, usd).plus(Money.of(1, usd))).isInstanceOf(ArithmeticException.class);
    }
}
