package dev.settle.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Validates and merges the free-form {@code metadata} string map every object carries:
 * at most 50 keys, keys up to 40 characters, values up to 500 characters.
 */
public final class Metadata {

    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 40;
    public static final int MAX_VALUE_LENGTH = 500;

    private Metadata() {
    }

    /** Validates metadata for a new object; empty-string values are not allowed here. */
    public static Map<String, String> validate(@Nullable Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            checkKey(key);
            if (value == null) {
                throw InvalidRequestException.invalidParam("metadata[" + key + "]", "Metadata values must be strings.");
            }
            checkValue(key, value);
            if (!value.isEmpty()) {
                result.put(key, value);
            }
        });
        checkSize(result);
        return Collections.unmodifiableMap(result);
    }

    /**
     * Merges an update into existing metadata as Stripe does: keys given are set, a key
     * given an empty string is removed, keys not given stay.
     */
    public static Map<String, String> merge(Map<String, String> existing, @Nullable Map<String, String> update) {
        if (update == null) {
            return existing;
        }
        Map<String, String> merged = new LinkedHashMap<>(existing);
        update.forEach((key, value) -> {
            checkKey(key);
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                checkValue(key, value);
                merged.put(key, value);
            }
        });
        checkSize(merged);
        return Collections.unmodifiableMap(merged);
    }

    /** Metadata as responses show it: keys in a stable, sorted order, however it was stored. */
    public static Map<String, String> sorted(Map<String, String> metadata) {
        return Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw InvalidRequestException.invalidParam("metadata",
                    "Metadata keys must be 1 to " + MAX_KEY_LENGTH + " characters long.");
        }
        if (key.contains("[") || key.contains("]")) {
            throw InvalidRequestException.invalidParam("metadata", "Metadata keys may not contain square brackets.");
        }
    }

    private static void checkValue(String key, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw InvalidRequestException.invalidParam("metadata[" + key + "]",
                    "Metadata values can be at most " + MAX_VALUE_LENGTH + " characters long.");
        }
    }

    private static void checkSize(Map<String, String> metadata) {
        if (metadata.size() > MAX_KEYS) {
            throw InvalidRequestException.invalidParam("metadata", "Metadata can have at most " + MAX_KEYS + " keys.");
        }
    }
}
