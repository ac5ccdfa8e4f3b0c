package dev.settle.support.crash;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every distinct violation the campaign found, in the order found. A violation that is still there
 * in a later round (a lost payment stays lost) is counted once, in the round that found it.
 */
final class Findings {

    private final Map<String, Violation> found = new LinkedHashMap<>();
    private final PrintStream out;

    Findings(PrintStream out) {
        this.out = out;
    }

    /** Records one violation without printing it (the caller has said what happened). */
    void add(Violation violation) {
        found.putIfAbsent(violation.key(), violation);
    }

    /** Records what {@code step} found and prints it by kind, the first few of each with their evidence. */
    void report(String step, List<Violation> violations) {
        List<Violation> fresh = violations.stream().filter(violation -> !found.containsKey(violation.key())).toList();
        long earlier = violations.stream().distinct().count() - fresh.size();
        fresh.forEach(this::add);
        if (fresh.isEmpty()) {
            out.println("  " + step + ": ok" + (earlier > 0 ? " apart from " + earlier + " violations found before" : ""));
            return;
        }
        out.printf("  %s: %d new violations%s%n", step, fresh.size(), earlier > 0 ? " (and " + earlier + " found before)" : "");
        fresh.stream().collect(Collectors.groupingBy(Violation::kind, LinkedHashMap::new, Collectors.toList()))
                .forEach((kind, list) -> out.printf("    VIOLATION %s: %d: %s%s%n", kind, list.size(),
                        list.stream().limit(5).map(Violation::toString).collect(Collectors.joining("; ")),
                        list.size() > 5 ? "; …" : ""));
    }

    boolean aborted() {
        return found.values().stream().anyMatch(violation -> violation.kind().equals("campaign aborted"));
    }

    List<String> all() {
        return found.values().stream().map(violation -> violation.kind() + ": " + violation).toList();
    }
}
