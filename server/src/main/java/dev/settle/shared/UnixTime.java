package dev.settle.shared;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Timestamps as the API takes them in query parameters: whole Unix seconds. */
public final class UnixTime {

    private static final long MAX = 253402300799L;

    private UnixTime() {
    }

    /** Parses {@code value} (null stays null); a 400 naming {@code param} when it is not a timestamp. */
    public static @Nullable Instant parse(String param, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0 || seconds > MAX) {
                throw new NumberFormatException();
            }
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.invalidParam(param, param + " must be a Unix timestamp in seconds.");
        }
    }
}
