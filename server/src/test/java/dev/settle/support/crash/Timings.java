package dev.settle.support.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Durations by what was timed (starts after each kind of stop, recoveries, settling), summarized at the end. */
final class Timings {

    private final Map<String, List<Duration>> byWhat = new LinkedHashMap<>();

    void add(String what, Duration took) {
        byWhat.computeIfAbsent(what, w -> new ArrayList<>()).add(took);
    }

    /** One line per kind: count, min, median and max in seconds. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        byWhat.forEach((what, durations) -> {
            List<Duration> sorted = durations.stream().sorted().toList();
            lines.add("%s: %d, min %s s, median %s s, max %s s".formatted(what, sorted.size(), seconds(sorted.getFirst()),
                    seconds(sorted.get(sorted.size() / 2)), seconds(sorted.getLast())));
        });
        return lines;
    }

    static String seconds(Duration duration) {
        return "%.1f".formatted(duration.toMillis() / 1000.0);
    }
}
