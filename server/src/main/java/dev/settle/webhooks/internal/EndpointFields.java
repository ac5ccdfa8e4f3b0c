package dev.settle.webhooks.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;

/** The rules for an endpoint's fields, shared by create and update. */
final class EndpointFields {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_EVENTS = 100;
    static final int MAX_RETRIES = 20;
    static final int MAX_RETRY_DELAY = 86_400;
    private static final Pattern EVENT_PATTERN = Pattern.compile("^[a-z_]+(\\.[a-z_]+)*(\\.\\*)?$");

    private EndpointFields() {
    }

    /** An absolute http(s) URL of at most 2048 characters, without credentials or fragment. */
    static URI url(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw InvalidRequestException.missingParam("url");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw InvalidRequestException.invalidParam("url", "url can be at most " + MAX_URL_LENGTH + " characters long.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw InvalidRequestException.invalidParam("url", "url is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            throw InvalidRequestException.invalidParam("url", "url must be an absolute http or https URL with a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidRequestException.invalidParam("url", "url may not contain credentials (user:password@).");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidRequestException.invalidParam("url", "url may not contain a fragment (#...).");
        }
        return uri;
    }

    /** One or more event types or patterns ({@code charge.refunded}, {@code payment_intent.*}, {@code *}), deduplicated. */
    static List<String> enabledEvents(@Nullable List<String> events) {
        if (events == null) {
            throw InvalidRequestException.missingParam("enabled_events");
        }
        if (events.isEmpty()) {
            throw InvalidRequestException.invalidParam("enabled_events", "enabled_events needs at least one event type, or \"*\".");
        }
        if (events.size() > MAX_EVENTS) {
            throw InvalidRequestException.invalidParam("enabled_events", "enabled_events can list at most " + MAX_EVENTS + " entries.");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            if (event == null || event.length() > 100 || !(event.equals("*") || EVENT_PATTERN.matcher(event).matches())) {
                throw InvalidRequestException.invalidParam("enabled_events[" + i + "]",
                        "Invalid event type '" + abbreviate(event) + "': use a type such as charge.refunded, a prefix pattern "
                                + "such as payment_intent.*, or * for every event.");
            }
            distinct.add(event);
        }
        return List.copyOf(distinct);
    }

    /** 1 to 20 delays in seconds, each 1 to 86,400. */
    static List<Integer> retrySchedule(List<Integer> delays) {
        if (delays.isEmpty() || delays.size() > MAX_RETRIES) {
            throw InvalidRequestException.invalidParam("retry_schedule",
                    "retry_schedule must list 1 to " + MAX_RETRIES + " delays in seconds.");
        }
        List<Integer> checked = new ArrayList<>(delays.size());
        for (int i = 0; i < delays.size(); i++) {
            Integer delay = delays.get(i);
            if (delay == null || delay < 1 || delay > MAX_RETRY_DELAY) {
                throw InvalidRequestException.invalidParam("retry_schedule[" + i + "]",
                        "Each retry delay must be a whole number of seconds from 1 to " + MAX_RETRY_DELAY + ".");
            }
            checked.add(delay);
        }
        return List.copyOf(checked);
    }

    static @Nullable String description(@Nullable String description) {
        if (description == null || description.isEmpty()) {
            return null;
        }
        if (description.length() > 1000) {
            throw InvalidRequestException.invalidParam("description", "description can be at most 1000 characters long.");
        }
        return description;
    }

    /** The patterns that select {@code type}: itself, {@code *}, and {@code a.*}, {@code a.b.*} for each prefix. */
    static List<String> patternsMatching(String type) {
        List<String> patterns = new ArrayList<>();
        patterns.add("*");
        patterns.add(type);
        int dot = type.indexOf('.');
        while (dot > 0) {
            patterns.add(type.substring(0, dot) + ".*");
            dot = type.indexOf('.', dot + 1);
        }
        return patterns;
    }

    private static String abbreviate(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
