package dev.settle.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.settle.platform.LegacyCollection;
import dev.settle.platform.MongoProperties;
import dev.settle.platform.SettleProperties;

/**
 * Imports, once, the embedded document store of an earlier version ({@code ./data/mongo}: an H2
 * MVStore file of mongo-java-server documents) into the modules' stores, then renames the folder
 * to {@code mongo.imported-<time>} so that nothing is read from it again. Runs before Settle
 * reports itself ready.
 *
 * <p>The file is opened read-only and only the collections' document maps are read (no index of
 * the old engine is opened, so none is rebuilt). A store that was not shut down cleanly may be
 * unreadable in part; what can be read is imported, the rest is logged, and the event archive is
 * filled again from the PostgreSQL outbox in any case (the events module does that on the first
 * start of this version). A module that fails to store what it was given fails the start, and the
 * folder stays for the next one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LegacyDocumentImport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LegacyDocumentImport.class);

    static final String STORE_FILE = "settle.mv.db";
    private static final String CLEAN_MARKER = "clean-shutdown";
    private static final int BATCH = 1_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String database;
    private final List<LegacyCollection> collections;
    private final Clock clock;

    LegacyDocumentImport(MongoProperties mongo, SettleProperties settle, List<LegacyCollection> collections, Clock clock) {
        this.dir = mongo.dataDir() != null ? mongo.dataDir() : settle.dataDir().resolve("mongo");
        this.database = mongo.database();
        this.collections = collections;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Path file = dir.resolve(STORE_FILE);
        if (!Files.exists(file)) {
            return;
        }
        boolean clean = Files.exists(dir.resolve(CLEAN_MARKER));
        log.info("Found the embedded document store of an earlier version in {}{}; importing it", dir,
                clean ? "" : " (not shut down cleanly: whatever of it can be read)");
        boolean complete = true;
        List<String> imported = new ArrayList<>();
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            for (LegacyCollection collection : collections) {
                long[] count = {0};
                complete &= read(store, collection, count);
                imported.add(count[0] + " " + collection.name());
            }
        } catch (RuntimeException unreadable) {
            if (unreadable instanceof ImportFailed failed) {
                throw failed;
            }
            log.warn("Could not open the earlier version's embedded document store {}: {}", file, unreadable.toString());
            complete = false;
        }
        Path aside = dir.resolveSibling(dir.getFileName() + (complete ? ".imported-" : ".unreadable-") + STAMP.format(clock.instant()));
        try {
            Files.move(dir, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("Imported " + dir + " but could not rename it to " + aside, e);
        }
        log.info("Imported {} documents from the earlier version's embedded store{}; it is kept as {}, which you may delete",
                imported.isEmpty() ? "no" : String.join(", ", imported), complete ? "" : " (some of it was unreadable, see above)", aside);
    }

    /** Hands the collection's documents to its module in batches; false if part could not be read. */
    private boolean read(MVStore store, LegacyCollection collection, long[] count) {
        String mapName = "databases." + database + "." + collection.name();
        if (!store.hasMap(mapName)) {
            return true;
        }
        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
        try {
            MVMap<Object, Object> documents = store.openMap(mapName);
            for (Object value : documents.values()) {
                if (value instanceof Map<?, ?> document) {
                    batch.add(fields(document));
                }
                if (batch.size() == BATCH) {
                    hand(collection, batch, count);
                }
            }
        } catch (ImportFailed failed) {
            throw failed;
        } catch (RuntimeException unreadable) {
            log.warn("Could not read all of {} from the earlier version's store ({} read): {}", collection.name(),
                    count[0] + batch.size(), unreadable.toString());
            hand(collection, batch, count);
            return false;
        }
        hand(collection, batch, count);
        return true;
    }

    private static void hand(LegacyCollection collection, List<Map<String, Object>> batch, long[] count) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            collection.importDocuments(List.copyOf(batch));
        } catch (RuntimeException e) {
            throw new ImportFailed("Could not import " + collection.name() + " from the earlier version's embedded store", e);
        }
        count[0] += batch.size();
        batch.clear();
    }

    /** The document's fields, with dates as {@link Instant}s whichever way the engine decoded them. */
    private static Map<String, Object> fields(Map<?, ?> document) {
        Map<String, Object> fields = new LinkedHashMap<>();
        document.forEach((key, value) -> fields.put(String.valueOf(key), value instanceof Date date ? date.toInstant() : value));
        return fields;
    }

    private static final class ImportFailed extends RuntimeException {

        ImportFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
