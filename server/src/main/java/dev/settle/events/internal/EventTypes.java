package dev.settle.events.internal;

import java.util.List;

/**
 * Type patterns of an events list: exact types ({@code charge.refunded}), prefixes
 * ({@code payment_intent.*}), or {@code *} for every type. Stores resolve prefixes to the types an
 * account actually has and read each type's events from their index in sequence order, merging
 * them, rather than scanning the account's events for matches.
 */
record EventTypes(List<String> patterns) {

    EventTypes {
        patterns = List.copyOf(patterns);
    }

    /** No type filter: none given, or {@code *} among them. */
    boolean all() {
        return patterns.isEmpty() || patterns.contains("*");
    }

    /** Only exact types: no store lookup needed to know which types to read. */
    boolean exactOnly() {
        return patterns.stream().noneMatch(pattern -> pattern.endsWith(".*"));
    }

    boolean matches(String type) {
        return all() || patterns.stream().anyMatch(pattern -> pattern.endsWith(".*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : type.equals(pattern));
    }

    /** Of {@code types}, those the patterns match. */
    List<String> select(List<String> types) {
        return types.stream().filter(this::matches).distinct().toList();
    }
}
