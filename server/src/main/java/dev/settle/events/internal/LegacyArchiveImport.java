package dev.settle.events.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.settle.platform.LegacyCollection;

/**
 * The archive of an earlier version's embedded store (collection {@code event_archive}), copied
 * into this one as it was: events the outbox has since dropped are kept too. Events already
 * archived are skipped.
 */
@Component
class LegacyArchiveImport implements LegacyCollection {

    private final EventArchive archive;

    LegacyArchiveImport(EventArchive archive) {
        this.archive = archive;
    }

    @Override
    public String name() {
        return "event_archive";
    }

    @Override
    public void importDocuments(List<Map<String, Object>> documents) {
        archive.save(documents.stream().map(LegacyArchiveImport::event).toList());
    }

    /** {@code {_id, event_id, account, livemode, sequence, type, object_id, created, payload}}, as MongoEventArchive writes it. */
    private static EventArchive.Archived event(Map<String, Object> document) {
        return new EventArchive.Archived(
                (String) document.get("event_id"),
                (String) document.get("account"),
                (Boolean) document.get("livemode"),
                ((Number) document.get("sequence")).longValue(),
                (String) document.get("type"),
                (String) document.get("object_id"),
                (Instant) document.get("created"),
                (String) document.get("payload"));
    }
}
