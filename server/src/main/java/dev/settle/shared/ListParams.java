package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/**
 * Cursor pagination as every list endpoint takes it: {@code limit} 1–100 (default 10) and
 * at most one of {@code starting_after} (the page after that object, towards older
 * objects) and {@code ending_before} (the page before it, towards newer objects).
 */
public record ListParams(int limit, @Nullable String startingAfter, @Nullable String endingBefore) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public static ListParams parse(@Nullable String limit, @Nullable String startingAfter, @Nullable String endingBefore) {
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw InvalidRequestException.invalidParam("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
            }
            if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                throw InvalidRequestException.invalidParam("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
            }
        }
        if (startingAfter != null && endingBefore != null) {
            throw InvalidRequestException.invalidParam("ending_before", "Use either starting_after or ending_before, not both.");
        }
        if (startingAfter != null && startingAfter.isBlank()) {
            throw InvalidRequestException.invalidParam("starting_after", "starting_after must be an object id.");
        }
        if (endingBefore != null && endingBefore.isBlank()) {
            throw InvalidRequestException.invalidParam("ending_before", "ending_before must be an object id.");
        }
        return new ListParams(parsedLimit, startingAfter, endingBefore);
    }

    /** The cursor id, whichever direction was asked. */
    public @Nullable String cursor() {
        return startingAfter != null ? startingAfter : endingBefore;
    }

    public String cursorParam() {
        return startingAfter != null ? "starting_after" : "ending_before";
    }

    public boolean backwards() {
        return endingBefore != null;
    }
}
