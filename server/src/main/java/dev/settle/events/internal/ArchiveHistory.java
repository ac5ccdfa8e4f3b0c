package dev.settle.events.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.events.EventFilter;
import dev.settle.events.EventHistory;
import dev.settle.events.EventRelayed;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EventHistory} on what the archive and the outbox offer: the archive's page query (oldest
 * first above a sequence), the archiver's watermark, and the relay's counters. Added for the
 * real-time stream; it writes nothing.
 */
@Component
class ArchiveHistory implements EventHistory {

    private final JdbcClient jdbc;
    private final EventArchive archive;
    private final OutboxArchiver archiver;
    private final JsonMapper json;

    ArchiveHistory(JdbcClient jdbc, EventArchive archive, OutboxArchiver archiver, JsonMapper json) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.archiver = archiver;
        this.json = json;
    }

    /**
     * One statement, so one snapshot: the tenant's last committed sequence and the greatest relay
     * order committed. Both are written by the relay in one transaction, so every event of the
     * tenant up to that sequence has a relay order up to that one, and is archived once the
     * archiver's watermark reaches it.
     */
    private static final String HEAD = """
            SELECT coalesce((SELECT last
                             FROM events_sequences
                             WHERE account_id = :account
                               AND livemode = :livemode), 0) AS sequence,
                   coalesce((SELECT max(relay_order)
                             FROM events_outbox
                             WHERE relay_order IS NOT NULL), 0) AS relay_order
            """;

    @Override
    public Head head(Tenant tenant) {
        return jdbc.sql(HEAD).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query((rs, n) -> new Head(rs.getLong("sequence"), rs.getLong("relay_order"))).single();
    }

    @Override
    public boolean awaitArchived(Head head, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (archiver.mark() < head.archiveMark()) {
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                return false;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
        return true;
    }

    @Override
    public List<EventRelayed> read(Tenant tenant, long after, long through, EventFilter filter, int limit) {
        if (through <= after) {
            return List.of();
        }
        EventArchive.Query query = new EventArchive.Query(filter.allTypes() ? List.of() : filter.types(), null, null,
                filter.objectId());
        List<EventRelayed> events = new ArrayList<>();
        for (String payload : archive.page(tenant, query, null, after, limit)) {
            JsonNode event = json.readTree(payload);
            long sequence = event.path("sequence").asLong();
            if (sequence > through) {
                break;
            }
            events.add(new EventRelayed(event.path("id").asString(), tenant, sequence, event.path("type").asString(),
                    event.path("data").path("object").path("id").asString(), payload,
                    Instant.ofEpochSecond(event.path("created").asLong())));
        }
        return events;
    }
}
