package dev.settle.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A property checked against random inputs, inside a plain JUnit test:
 *
 * <pre>{@code
 * Property.forAll(gen -> gen.listOf(1, 12, Scenarios::action)).tries(50).check(actions -> ...);
 * }</pre>
 *
 * The first try gets the simplest input, the others random ones from a seed. On a failure the input is
 * shrunk (list elements dropped, numbers moved toward zero) while the property keeps failing the same way,
 * and the failure names the seed and both inputs. {@code -Dsettle.property.seed=…} runs the same inputs
 * again.
 */
public final class Property<T> {

    public static final String SEED = "settle.property.seed";

    /** Runs of the property spent on shrinking one failure at most. */
    static final int SHRINK_RUNS = 300;

    private final Function<Gen, T> generator;
    private int tries = 100;
    private Long seed;

    private Property(Function<Gen, T> generator) {
        this.generator = generator;
    }

    public static <T> Property<T> forAll(Function<Gen, T> generator) {
        return new Property<>(generator);
    }

    public Property<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** Fixes the seed in code (for tests of this class); otherwise {@value #SEED} or a random one. */
    public Property<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    public void check(ThrowingConsumer<? super T> property) {
        long seed = this.seed != null ? this.seed
                : System.getProperty(SEED) != null ? Long.parseLong(System.getProperty(SEED))
                : ThreadLocalRandom.current().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            Run<T> run = run(i == 0 ? Gen.replay(List.of()) : Gen.random(random), property);
            if (run.failure() != null) {
                Shrunk<T> shrunk = shrink(run, property);
                throw new Falsified(seed, i + 1, run.input(), shrunk.run().input(), shrunk.runs(), shrunk.run().failure());
            }
        }
        System.out.println(tries + " tries passed (seed " + seed + ")");
    }

    /** A property that failed: the seed it failed with and the input, shrunk, it fails for. */
    public static final class Falsified extends AssertionError {

        private final long seed;
        private final transient Object input;
        private final transient Object originalInput;

        Falsified(long seed, int attempt, Object originalInput, Object input, int shrinkRuns, Throwable failure) {
            super("Property failed on try " + attempt + " with seed " + seed + " (run again with -D" + SEED + "=" + seed
                    + ")\n  shrunk input (" + shrinkRuns + " shrink runs): " + input
                    + "\n  original input: " + originalInput + "\n  failure: " + failure, failure);
            this.seed = seed;
            this.input = input;
            this.originalInput = originalInput;
        }

        public long seed() {
            return seed;
        }

        public Object input() {
            return input;
        }

        public Object originalInput() {
            return originalInput;
        }
    }

    private record Run<T>(Gen gen, T input, Throwable failure) {
    }

    private record Shrunk<T>(Run<T> run, int runs) {
    }

    private Run<T> run(Gen gen, ThrowingConsumer<? super T> property) {
        T input = generator.apply(gen);
        try {
            property.accept(input);
            return new Run<>(gen, input, null);
        } catch (Throwable failure) {
            return new Run<>(gen, input, failure);
        }
    }

    /**
     * Tries to drop each list element (the last first), then to move each answer toward its simplest value
     * by halving the distance, keeping any edit that still fails with the same kind of failure and leaves
     * a simpler record; repeats until a round changes nothing or the runs are spent.
     */
    private Shrunk<T> shrink(Run<T> failing, ThrowingConsumer<? super T> property) {
        Run<T> smallest = failing;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < SHRINK_RUNS) {
            progress = false;
            for (int element = smallest.gen().elements().size() - 1; element >= 0 && runs < SHRINK_RUNS; element--) {
                if (element >= smallest.gen().elements().size()) {
                    continue;
                }
                Gen.Span span = smallest.gen().elements().get(element);
                List<Long> candidate = values(smallest);
                candidate.subList(span.start(), span.end()).clear();
                runs++;
                Run<T> run = run(Gen.replay(candidate), property);
                if (failsLike(run, smallest)) {
                    smallest = run;
                    progress = true;
                }
            }
            for (int index = 0; index < smallest.gen().choices().size() && runs < SHRINK_RUNS; index++) {
                boolean moved = true;
                while (moved && runs < SHRINK_RUNS && index < smallest.gen().choices().size()) {
                    moved = false;
                    Gen.Choice choice = smallest.gen().choices().get(index);
                    for (long value : towardSimplest(choice)) {
                        List<Long> candidate = values(smallest);
                        candidate.set(index, value);
                        runs++;
                        Run<T> run = run(Gen.replay(candidate), property);
                        if (failsLike(run, smallest)) {
                            smallest = run;
                            progress = moved = true;
                            break;
                        }
                        if (runs == SHRINK_RUNS) {
                            break;
                        }
                    }
                }
            }
        }
        return new Shrunk<>(smallest, runs);
    }

    /** The simplest value first, then halfway there, a quarter of the way, …, one step. */
    private static List<Long> towardSimplest(Gen.Choice choice) {
        List<Long> values = new ArrayList<>();
        long direction = choice.value() >= choice.simplest() ? -1 : 1;
        for (long step = choice.distance(); step != 0; step >>>= 1) {
            values.add(choice.value() + direction * step);
        }
        return values;
    }

    private boolean failsLike(Run<T> candidate, Run<T> smallest) {
        return candidate.failure() != null && candidate.failure().getClass() == smallest.failure().getClass()
                && SIMPLER.compare(candidate.gen().choices(), smallest.gen().choices()) < 0;
    }

    /** Fewer answers, or as many and the first that differs nearer its simplest value. */
    private static final Comparator<List<Gen.Choice>> SIMPLER = Comparator.<List<Gen.Choice>>comparingInt(List::size)
            .thenComparing((a, b) -> {
                for (int i = 0; i < a.size(); i++) {
                    int order = Long.compare(a.get(i).distance(), b.get(i).distance());
                    if (order != 0) {
                        return order;
                    }
                }
                return 0;
            });

    private static List<Long> values(Run<?> run) {
        return new ArrayList<>(run.gen().choices().stream().map(Gen.Choice::value).toList());
    }
}
