package dev.settle.platform;

import java.util.List;
import java.util.Map;

/**
 * One collection of the embedded document store that earlier versions kept under
 * {@code ./data/mongo} (mongo-java-server on an H2 file), before documents moved to PostgreSQL.
 * The module that owned the collection implements this to import its documents into its own
 * store; at the first start that finds such a store, the platform reads it once, hands each
 * module its collection in batches, and then sets the folder aside.
 */
public interface LegacyCollection {

    /** The collection's name in the old store, e.g. {@code event_archive}. */
    String name();

    /**
     * Imports a batch of documents, each a map of its fields as stored (strings, booleans,
     * integers, longs, {@link java.time.Instant}s for dates, nulls). Must be idempotent: a start
     * that dies midway imports everything again next time.
     */
    void importDocuments(List<Map<String, Object>> documents);
}
