package dev.settle.platform;

/**
 * What modules may need to know about the document store beyond the MongoDB driver's own API.
 *
 * @param rebuiltAfterCrash true when Settle started on an embedded store that had not been shut
 *                          down cleanly: its file was set aside (the embedded engine can be left
 *                          inconsistent by a crash) and the store starts empty, so whatever is
 *                          derived into it must be written again from PostgreSQL
 */
public record DocumentStore(boolean embedded, boolean rebuiltAfterCrash) {
}
