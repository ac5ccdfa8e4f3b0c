package dev.settle.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Prometheus text format: samples by series, and the metric names. */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    private PrometheusText() {
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
        }
        return samples;
    }

    static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }
}
