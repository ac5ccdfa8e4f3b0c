package dev.settle.platform;

import java.util.concurrent.ThreadFactory;

/**
 * Marks the threads that do background work (the relay, the archiver, webhook delivery, every
 * scheduled job) as opposed to API requests. Their database sessions come from a pool of their
 * own whose statement, lock and idle-in-transaction timeouts are shorter than the API's, so a
 * stuck worker holds its locks for seconds at most and never takes an API request's connection
 * (docs/operations.md, "Database sessions").
 */
public final class Background {

    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

    private Background() {
    }

    /** True on a thread made by {@link #threads}. */
    public static boolean active() {
        return Boolean.TRUE.equals(ACTIVE.get());
    }

    /** Every thread {@code factory} makes runs its task as background work. */
    public static ThreadFactory threads(ThreadFactory factory) {
        return task -> factory.newThread(() -> {
            ACTIVE.set(Boolean.TRUE);
            task.run();
        });
    }
}
