package dev.settle.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Where a {@link Property}'s random inputs come from. A generator is a {@code Function<Gen, T>} that asks
 * for numbers, picks and lists and builds its input from the answers. Every answer is recorded, so a
 * failing input can be built again from its record, and shrunk by editing the record: dropping a list
 * element's answers, moving a number toward zero. Answers a replayed record runs out of are the simplest
 * ones (zero, or the range's end nearest it; the first option; the shortest list).
 */
public final class Gen {

    /** One recorded answer and the range it was drawn from. */
    record Choice(long value, long min, long max) {

        long simplest() {
            return Math.clamp(0, min, max);
        }

        /** How far the value is from the simplest one (a range is at most 2^63 - 1 wide, so it fits). */
        long distance() {
            return value >= simplest() ? value - simplest() : simplest() - value;
        }
    }

    /** The answers, from {@code start} inclusive to {@code end} exclusive, that made one list element. */
    record Span(int start, int end) {
    }

    /** An option of {@link #frequency}: picked {@code weight} times out of the weights' sum. */
    public record Weighted<T>(int weight, Function<Gen, T> generator) {

        public Weighted {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, was " + weight);
            }
        }
    }

    private final RandomGenerator random;
    private final List<Long> replay;
    private final List<Choice> choices = new ArrayList<>();
    private final List<Span> elements = new ArrayList<>();

    private Gen(RandomGenerator random, List<Long> replay) {
        this.random = random;
        this.replay = replay;
    }

    static Gen random(RandomGenerator random) {
        return new Gen(random, List.of());
    }

    /** Answers from {@code values}, then the simplest answers. */
    static Gen replay(List<Long> values) {
        return new Gen(null, values);
    }

    public static <T> Weighted<T> weight(int weight, Function<Gen, T> generator) {
        return new Weighted<>(weight, generator);
    }

    /**
     * A number from {@code min} to {@code max} inclusive. Random answers favour the edges
     * ({@code min}, {@code min + 1}, {@code max - 1}, {@code max}, zero) and values near zero over uniform
     * picks, since that is where off-by-one and rounding bugs live.
     */
    public long longs(long min, long max) {
        if (min > max || max - min < 0) {
            throw new IllegalArgumentException("no range from " + min + " to " + max + " (at most 2^63 - 1 wide)");
        }
        return draw(min, max, random -> biased(random, min, max));
    }

    public int ints(int min, int max) {
        return Math.toIntExact(longs(min, max));
    }

    /** One of {@code values}, each equally likely (repeat a value to weigh it); shrinks toward the first. */
    @SafeVarargs
    public final <T> T of(T... values) {
        return of(Arrays.asList(values));
    }

    public <T> T of(List<T> values) {
        return values.get(Math.toIntExact(draw(0, values.size() - 1, random -> random.nextInt(values.size()))));
    }

    /** What one of the options generates, picked by weight; shrinks toward the first option. */
    @SafeVarargs
    public final <T> T frequency(Weighted<? extends T>... options) {
        int index = Math.toIntExact(draw(0, options.length - 1, random -> {
            int ticket = random.nextInt(Arrays.stream(options).mapToInt(Weighted::weight).sum());
            int option = 0;
            while (ticket >= options[option].weight()) {
                ticket -= options[option++].weight();
            }
            return option;
        }));
        return options[index].generator().apply(this);
    }

    /**
     * A list of {@code minSize} to {@code maxSize} elements; random sizes favour the two ends. Each element
     * past {@code minSize} is preceded by a "one more" answer, so shrinking can drop an element by deleting
     * its answers and a replay that runs out of answers ends the list.
     */
    public <T> List<T> listOf(int minSize, int maxSize, Function<Gen, T> element) {
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("no list sizes from " + minSize + " to " + maxSize);
        }
        int size = random == null ? minSize : Math.toIntExact(biased(random, minSize, maxSize));
        List<T> list = new ArrayList<>();
        while (list.size() < maxSize) {
            int start = choices.size();
            if (list.size() >= minSize && draw(0, 1, random -> list.size() < size ? 1 : 0) == 0) {
                break;
            }
            list.add(element.apply(this));
            elements.add(new Span(start, choices.size()));
        }
        return list;
    }

    List<Choice> choices() {
        return choices;
    }

    List<Span> elements() {
        return elements;
    }

    private long draw(long min, long max, ToLongFunction<RandomGenerator> fresh) {
        long value;
        if (choices.size() < replay.size()) {
            value = Math.clamp(replay.get(choices.size()), min, max);
        } else if (random == null) {
            value = Math.clamp(0, min, max);
        } else {
            value = fresh.applyAsLong(random);
        }
        choices.add(new Choice(value, min, max));
        return value;
    }

    /** One in five an edge, two in five near zero (within 10, 100, … of it), else uniform over the range. */
    private static long biased(RandomGenerator random, long min, long max) {
        long span = max - min;
        long simplest = Math.clamp(0, min, max);
        return switch (random.nextInt(5)) {
            case 0 -> Math.clamp(switch (random.nextInt(5)) {
                case 0 -> min;
                case 1 -> min + 1;
                case 2 -> max - 1;
                case 3 -> max;
                default -> simplest;
            }, min, max);
            case 1, 2 -> {
                long near = (long) Math.pow(10, 1 + random.nextInt(String.valueOf(span).length()));
                long low = simplest - min <= near ? min : simplest - near;
                long high = max - simplest <= near ? max : simplest + near;
                yield uniform(random, low, high);
            }
            default -> uniform(random, min, max);
        };
    }

    private static long uniform(RandomGenerator random, long min, long max) {
        long span = max - min;
        return min + (span == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE : random.nextLong(span + 1));
    }
}
