package dev.settle.events;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;

/**
 * Which events a consumer wants: type patterns as {@code GET /v1/events} takes them (exact types,
 * {@code payment_intent.*}, or {@code *}; none means all) and, optionally, only events about one
 * object.
 */
public record EventFilter(List<String> types, @Nullable String objectId) {

    /** An event type, {@code prefix.*} or {@code *}: the same rule as the events API's {@code type} parameter. */
    private static final Pattern TYPE_PATTERN = Pattern.compile("^(\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?)$");
    public static final int MAX_TYPES = 20;

    public EventFilter {
        types = List.copyOf(types);
    }

    public static final EventFilter ALL = new EventFilter(List.of(), null);

    /** The filter of these request parameters, or a 400 naming the parameter at fault. */
    public static EventFilter parse(@Nullable List<String> types, String typesParam, @Nullable String objectId, String objectParam) {
        List<String> patterns = types == null ? List.of() : types;
        if (patterns.size() > MAX_TYPES) {
            throw InvalidRequestException.invalidParam(typesParam, "At most " + MAX_TYPES + " types.");
        }
        for (String pattern : patterns) {
            if (!TYPE_PATTERN.matcher(pattern).matches()) {
                throw InvalidRequestException.invalidParam(typesParam,
                        "'" + pattern + "' is not an event type or pattern such as payment_intent.*");
            }
        }
        if (objectId != null && (objectId.isBlank() || objectId.length() > 255)) {
            throw InvalidRequestException.invalidParam(objectParam, "Give the id of the object the events are about.");
        }
        return new EventFilter(patterns, objectId);
    }

    /** No type restriction: no pattern, or {@code *} among them. */
    public boolean allTypes() {
        return types.isEmpty() || types.contains("*");
    }

    public boolean matches(String type, String objectId) {
        if (this.objectId != null && !this.objectId.equals(objectId)) {
            return false;
        }
        return allTypes() || types.stream().anyMatch(pattern -> pattern.endsWith(".*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : type.equals(pattern));
    }

    public boolean matches(EventRelayed event) {
        return matches(event.type(), event.objectId());
    }
}
