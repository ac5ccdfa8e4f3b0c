package dev.settle.shared;

import java.util.function.IntSupplier;

/**
 * Runs a delete of at most {@code batch} rows, each its own short statement, until one deletes
 * fewer: retention purges never hold many locks nor near a statement timeout.
 */
public final class BatchedDelete {

    private BatchedDelete() {
    }

    /** Runs {@code deleteBatch} (returning rows deleted) until it deletes fewer than {@code batch}; returns the total. */
    public static long untilDone(int batch, IntSupplier deleteBatch) {
        long total = 0;
        int deleted;
        do {
            deleted = deleteBatch.getAsInt();
            total += deleted;
        } while (deleted == batch);
        return total;
    }
}
