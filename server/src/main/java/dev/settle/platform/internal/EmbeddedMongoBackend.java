package dev.settle.platform.internal;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * The embedded store's engine, with one change: its unique indexes (every collection's
 * {@code _id} and any other unique index) order their keys as values ({@link KeyValueType})
 * rather than with H2's fallback for a key class it does not know, which Java-serializes both
 * keys for every comparison of every lookup and insert. That fallback was the largest single
 * cost of archiving an event.
 *
 * <p>These indexes live in maps of their own name ({@code ._keyindex_}), so a store written
 * before keeps its old maps untouched and the engine rebuilds each index from the documents the
 * first time it opens it empty.
 */
final class EmbeddedMongoBackend extends H2Backend {

    EmbeddedMongoBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /** An inner class: the engine opens existing indexes from its constructor, and the store is reached through the backend. */
    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            MVMap<KeyValue, Object> map = getMvStore().openMap(mapName(collectionName, indexName),
                    new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
            return new KeyValueUniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = mapName(collection.getCollectionName(), indexName);
            if (getMvStore().hasMap(name)) {
                getMvStore().removeMap(name);
            }
        }

        private String mapName(String collectionName, String indexName) {
            return getFullCollectionNamespace(collectionName) + "._keyindex_" + indexName;
        }
    }
}
