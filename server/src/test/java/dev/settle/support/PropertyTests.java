package dev.settle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class PropertyTests {

    private static final Function<Gen, List<Long>> NUMBERS = gen -> gen.listOf(0, 20, g -> g.longs(0, 1_000));

    @Test
    void aFailingPropertyReportsItsSeed() {
        Property.Falsified failure = catchThrowableOfType(Property.Falsified.class,
                () -> Property.forAll(gen -> gen.longs(0, 1_000_000)).seed(42).tries(100)
                        .check(value -> assertThat(value).isLessThan(1_000)));

        assertThat(failure.seed()).isEqualTo(42);
        assertThat(failure).hasMessageContaining("with seed 42 (run again with -Dsettle.property.seed=42)")
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        assertThat(inputs(Property.forAll(NUMBERS).seed(7))).isEqualTo(inputs(Property.forAll(NUMBERS).seed(7)))
                .isNotEqualTo(inputs(Property.forAll(NUMBERS).seed(8)));

        System.setProperty(Property.SEED, "7");
        try {
            assertThat(inputs(Property.forAll(NUMBERS))).as("seed from -D" + Property.SEED)
                    .isEqualTo(inputs(Property.forAll(NUMBERS).seed(7)));
        } finally {
            System.clearProperty(Property.SEED);
        }
    }

    @Test
    void aFailingListShrinksToTheOneElementThatFailsAtItsSmallest() {
        Property.Falsified failure = catchThrowableOfType(Property.Falsified.class,
                () -> Property.forAll(NUMBERS).seed(1).tries(100)
                        .check(numbers -> assertThat(numbers).allMatch(number -> number < 500)));

        assertThat(failure.input()).isEqualTo(List.of(500L));
        assertThat((List<?>) failure.originalInput()).hasSizeGreaterThan(1);
        assertThat(failure).hasMessageContaining("shrunk input (").hasMessageContaining("): [500]");
    }

    @Test
    void aFailingNumberShrinksTowardZero() {
        Property.Falsified failure = catchThrowableOfType(Property.Falsified.class,
                () -> Property.forAll(gen -> gen.longs(-1_000_000, 1_000_000)).seed(3).tries(100)
                        .check(value -> assertThat(Math.abs(value)).isLessThan(1_234)));

        assertThat(failure.input()).isIn(1_234L, -1_234L);
    }

    @Test
    void shrinkingKeepsTheKindOfFailure() {
        Property.Falsified failure = catchThrowableOfType(Property.Falsified.class,
                () -> Property.forAll(gen -> gen.ints(0, 1_000)).seed(5).tries(100).check(value -> {
                    if (value >= 100 && value < 500) {
                        throw new IllegalStateException("another bug");
                    }
                    assertThat(value).isLessThan(500);
                }));

        assertThat((Integer) failure.originalInput()).as("this seed finds the assertion first").isGreaterThanOrEqualTo(500);
        assertThat(failure.input()).as("not 100, where the other bug is").isEqualTo(500);
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void aPassingPropertyRunsEveryTryAndRandomInputsFavourTheEdges() {
        List<Long> values = new ArrayList<>();
        assertThatCode(() -> Property.forAll(gen -> gen.longs(1, 5_000_000)).tries(500).check(values::add))
                .doesNotThrowAnyException();

        assertThat(values).hasSize(500).startsWith(1L).contains(1L, 2L, 4_999_999L, 5_000_000L)
                .anyMatch(value -> value > 10 && value < 1_000).allMatch(value -> value >= 1 && value <= 5_000_000);
    }

    @Test
    void choicesAndListSizesStayInTheirRanges() {
        Property.forAll(gen -> gen.listOf(1, 12, g -> List.<Object>of(g.of("usd", "eur", "jpy"), g.frequency(
                Gen.weight(4, h -> h.ints(0, 20)), Gen.weight(1, h -> -h.ints(1, 100)))))).tries(300).check(list -> {
                    assertThat(list).hasSizeBetween(1, 12);
                    assertThat(list).allSatisfy(pair -> {
                        assertThat(pair.get(0)).isIn("usd", "eur", "jpy");
                        assertThat((Integer) pair.get(1)).isBetween(-100, 20);
                    });
                });
    }

    private static List<List<Long>> inputs(Property<List<Long>> property) {
        List<List<Long>> inputs = new ArrayList<>();
        property.tries(30).check(inputs::add);
        return inputs;
    }
}
