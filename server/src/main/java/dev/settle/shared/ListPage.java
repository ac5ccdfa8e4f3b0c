package dev.settle.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list response: {@code {"object": "list", "data": [...], "has_more": bool, "url": ...}}.
 * Repositories fetch {@code limit + 1} rows in the direction asked; {@link #of} trims the
 * extra row into {@code has_more} and restores newest-first order for backward pages.
 */
public record ListPage<T>(String object, List<T> data, boolean hasMore, String url) {

    public static <T> ListPage<T> of(List<T> rowsPlusOne, ListParams params, String url) {
        boolean hasMore = rowsPlusOne.size() > params.limit();
        List<T> page = new ArrayList<>(hasMore ? rowsPlusOne.subList(0, params.limit()) : rowsPlusOne);
        if (params.backwards()) {
            Collections.reverse(page);
        }
        return new ListPage<>("list", List.copyOf(page), hasMore, url);
    }

    public <R> ListPage<R> map(Function<T, R> mapper) {
        return new ListPage<>(object, data.stream().map(mapper).toList(), hasMore, url);
    }
}
