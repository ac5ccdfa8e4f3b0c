package dev.settle.events.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.settle.shared.Ids;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * What the events API relies on from its archive, whichever store holds it: run against
 * PostgreSQL ({@link PostgresEventArchiveTests}) and against a MongoDB-wire-compatible server in a
 * process of its own ({@link MongoEventArchiveTests}). Each test works in accounts of its own.
 */
abstract class EventArchiveContract {

    /** The store under test. */
    abstract EventArchive archive();

    /** Events by time: whole milliseconds, the finest both stores keep. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static final List<String> TYPES = List.of("a.created", "a.updated", "b_x.done", "bax.done", "c.deleted");

    @Test
    void anEventIsFoundByIdOnlyByItsAccountAndMode() {
        Tenant tenant = newTenant();
        EventArchive.Archived event = event(tenant, 1, "a.created", "obj_1", NOW);
        archive().save(List.of(event));

        assertThat(archive().payload(tenant, event.id())).contains(event.payload());
        assertThat(archive().sequence(tenant, event.id())).contains(1L);
        assertThat(archive().payload(newTenant(), event.id())).isEmpty();
        assertThat(archive().payload(new Tenant(tenant.account(), true), event.id())).as("the live mode").isEmpty();
        assertThat(archive().sequence(newTenant(), event.id())).isEmpty();
        assertThat(archive().payload(tenant, "evt_missing")).isEmpty();
    }

    @Test
    void savingTheSameEventsAgainChangesNothing() {
        Tenant tenant = newTenant();
        List<EventArchive.Archived> batch = events(tenant, 5);
        archive().save(batch);
        archive().save(batch);
        archive().save(List.of(batch.get(2), event(tenant, 6, "a.created", "obj_6", NOW)));

        assertThat(list(tenant, null, null, 100)).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(archive().payload(tenant, batch.get(2).id())).contains(batch.get(2).payload());
    }

    @Test
    void anotherEventUnderATakenSequenceIsRefusedAndTheFirstStays() {
        Tenant tenant = newTenant();
        EventArchive.Archived first = event(tenant, 1, "a.created", "obj_1", NOW);
        archive().save(List.of(first));
        EventArchive.Archived usurper = event(tenant, 1, "a.updated", "obj_2", NOW);

        assertThatThrownBy(() -> archive().save(List.of(usurper))).isInstanceOf(RuntimeException.class);
        EventArchive.Archived elsewhere = new EventArchive.Archived(first.id(), first.accountId(), false, 2, first.type(),
                first.objectId(), first.created(), first.payload());
        assertThatThrownBy(() -> archive().save(List.of(elsewhere))).as("the same event under another sequence")
                .isInstanceOf(RuntimeException.class);

        assertThat(archive().payload(tenant, first.id())).contains(first.payload());
        assertThat(archive().payload(tenant, usurper.id())).isEmpty();
        assertThat(list(tenant, null, null, 10)).containsExactly(1L);
    }

    @Test
    void pagesGoNewestFirstAndBackFromACursor() {
        Tenant tenant = newTenant();
        archive().save(events(tenant, 25));

        assertThat(list(tenant, null, null, 11)).isEqualTo(descending(25, 15));
        assertThat(list(tenant, 15L, null, 11)).isEqualTo(descending(14, 4));
        assertThat(list(tenant, 4L, null, 11)).isEqualTo(descending(3, 1));
        assertThat(list(tenant, null, 4L, 11)).as("ending_before: oldest first above it").isEqualTo(ascending(5, 15));
        assertThat(list(tenant, null, 20L, 11)).isEqualTo(ascending(21, 25));
        assertThat(list(tenant, null, 25L, 11)).isEmpty();
    }

    @Test
    void accountsAndModesNeverMix() {
        Tenant tenant = newTenant();
        Tenant live = new Tenant(tenant.account(), true);
        Tenant other = newTenant();
        archive().save(events(tenant, 3));
        archive().save(events(live, 2));
        archive().save(events(other, 4));

        assertThat(list(tenant, null, null, 10)).containsExactly(3L, 2L, 1L);
        assertThat(list(live, null, null, 10)).containsExactly(2L, 1L);
        assertThat(list(other, null, null, 10)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(types(tenant, List.of("a.*"), null, null, null, 10)).containsExactly(1L);
    }

    @Test
    void typeFiltersMergeTheirTypesInSequenceOrder() {
        Tenant tenant = newTenant();
        archive().save(events(tenant, 40));

        assertThat(types(tenant, List.of("a.created"), null, null, null, 100)).isEqualTo(ofTypes(40, "a.created"));
        assertThat(types(tenant, List.of("a.*"), null, null, null, 100)).isEqualTo(ofTypes(40, "a.created", "a.updated"));
        assertThat(types(tenant, List.of("a.created", "c.*"), null, null, null, 100)).isEqualTo(ofTypes(40, "a.created", "c.deleted"));
        assertThat(types(tenant, List.of("b_x.*"), null, null, null, 100)).as("an underscore is itself")
                .isEqualTo(ofTypes(40, "b_x.done"));
        assertThat(types(tenant, List.of("*"), null, null, null, 100)).hasSize(40);
        assertThat(types(tenant, List.of("zzz.*"), null, null, null, 100)).isEmpty();
        assertThat(types(tenant, List.of("nope"), null, null, null, 100)).isEmpty();

        List<Long> wanted = ofTypes(40, "a.updated", "b_x.done", "c.deleted");
        assertThat(types(tenant, List.of("a.updated", "b_x.*", "c.*"), null, null, null, 4)).isEqualTo(wanted.subList(0, 4));
        assertThat(types(tenant, List.of("a.updated", "b_x.*", "c.*"), null, wanted.get(3), null, 4)).isEqualTo(wanted.subList(4, 8));
        List<Long> back = types(tenant, List.of("a.updated", "b_x.*", "c.*"), null, null, wanted.get(8), 4);
        assertThat(back).as("ending_before: oldest first").isEqualTo(wanted.subList(4, 8).reversed());
    }

    @Test
    void objectFilterWithAndWithoutTypes() {
        Tenant tenant = newTenant();
        List<EventArchive.Archived> batch = new ArrayList<>();
        for (long sequence = 1; sequence <= 30; sequence++) {
            batch.add(event(tenant, sequence, TYPES.get((int) (sequence % TYPES.size())), "obj_" + sequence % 3, NOW));
        }
        archive().save(batch);

        List<Long> ofObject = LongStream.iterate(30, s -> s - 1).limit(30).filter(s -> s % 3 == 1).boxed().toList();
        assertThat(page(tenant, new EventArchive.Query(List.of(), null, null, "obj_1"), null, null, 100)).isEqualTo(ofObject);
        assertThat(page(tenant, new EventArchive.Query(List.of(), null, null, "obj_1"), 19L, null, 3)).isEqualTo(List.of(16L, 13L, 10L));
        assertThat(page(tenant, new EventArchive.Query(List.of("b_x.*"), null, null, "obj_1"), null, null, 100))
                .as("b_x.* on the object path: the underscore is itself")
                .isEqualTo(ofObject.stream().filter(s -> TYPES.get((int) (s % TYPES.size())).equals("b_x.done")).toList());
        assertThat(page(tenant, new EventArchive.Query(List.of("a.*", "c.deleted"), null, null, "obj_1"), null, null, 100))
                .isEqualTo(ofObject.stream().filter(s -> s % TYPES.size() == 0 || s % TYPES.size() == 1 || s % TYPES.size() == 4).toList());
        assertThat(page(tenant, new EventArchive.Query(List.of(), null, null, "obj_none"), null, null, 100)).isEmpty();
    }

    @Test
    void createdRangeIsFromInclusiveUntilExclusive() {
        Tenant tenant = newTenant();
        Instant start = Instant.parse("2001-02-03T04:05:06.007Z");
        List<EventArchive.Archived> batch = new ArrayList<>();
        for (long sequence = 1; sequence <= 10; sequence++) {
            batch.add(event(tenant, sequence, TYPES.get((int) (sequence % TYPES.size())), "obj_1", start.plusSeconds(60 * sequence)));
        }
        archive().save(batch);

        Instant from = start.plusSeconds(60 * 3);
        Instant until = start.plusSeconds(60 * 7);
        assertThat(page(tenant, new EventArchive.Query(List.of(), from, until, null), null, null, 100)).containsExactly(6L, 5L, 4L, 3L);
        assertThat(page(tenant, new EventArchive.Query(List.of(), from, null, null), null, null, 100)).containsExactly(10L, 9L, 8L, 7L, 6L,
                5L, 4L, 3L);
        assertThat(page(tenant, new EventArchive.Query(List.of(), null, until, null), null, null, 100)).containsExactly(6L, 5L, 4L, 3L,
                2L, 1L);
        assertThat(page(tenant, new EventArchive.Query(List.of("a.*"), from, until, null), null, null, 100)).containsExactly(6L, 5L);
        assertThat(page(tenant, new EventArchive.Query(List.of(), from, until, "obj_1"), 5L, null, 100)).containsExactly(4L, 3L);
    }

    @Test
    void purgeDropsOnlyEventsCreatedBeforeTheCutoff() {
        Tenant tenant = newTenant();
        Instant old = Instant.parse("1990-01-01T00:00:00Z");
        List<EventArchive.Archived> batch = new ArrayList<>();
        for (long sequence = 1; sequence <= 1_205; sequence++) {
            batch.add(event(tenant, sequence, "a.created", "obj_1", sequence <= 1_203 ? old.plusSeconds(sequence) : NOW));
        }
        archive().save(batch);

        long purged = archive().purgeOlderThan(Instant.parse("1991-01-01T00:00:00Z"));

        assertThat(purged).as("more than one batch").isEqualTo(1_203);
        assertThat(list(tenant, null, null, 100)).containsExactly(1_205L, 1_204L);
        assertThat(archive().purgeOlderThan(Instant.parse("1991-01-01T00:00:00Z"))).isZero();
    }

    // --- helpers

    static Tenant newTenant() {
        return new Tenant(new AccountId("acct_" + Ids.randomBase62(16)), false);
    }

    /** Sequences 1..count, types cycling through {@link #TYPES}, three objects. */
    static List<EventArchive.Archived> events(Tenant tenant, int count) {
        List<EventArchive.Archived> batch = new ArrayList<>();
        for (long sequence = 1; sequence <= count; sequence++) {
            batch.add(event(tenant, sequence, TYPES.get((int) (sequence % TYPES.size())), "obj_" + sequence % 3, NOW));
        }
        return batch;
    }

    static EventArchive.Archived event(Tenant tenant, long sequence, String type, String objectId, Instant created) {
        String id = Ids.newTimeOrderedId("evt", created);
        return new EventArchive.Archived(id, tenant.accountId(), tenant.livemode(), sequence, type, objectId, created,
                EventJson.render(id, type, created, tenant.livemode(), sequence, "{\"id\":\"" + objectId + "\",\"object\":\"thing\"}"));
    }

    /** The sequences of {@link #events}'s events of these types, newest first. */
    private static List<Long> ofTypes(int count, String... types) {
        List<String> wanted = List.of(types);
        return LongStream.iterate(count, s -> s - 1).limit(count).filter(s -> wanted.contains(TYPES.get((int) (s % TYPES.size()))))
                .boxed().toList();
    }

    private List<Long> list(Tenant tenant, @Nullable Long before, @Nullable Long after, int limit) {
        return page(tenant, new EventArchive.Query(List.of(), null, null, null), before, after, limit);
    }

    private List<Long> types(Tenant tenant, List<String> types, @Nullable String object, @Nullable Long before, @Nullable Long after,
            int limit) {
        return page(tenant, new EventArchive.Query(types, null, null, object), before, after, limit);
    }

    /** The page's sequence numbers, read from the payloads it returned. */
    private List<Long> page(Tenant tenant, EventArchive.Query query, @Nullable Long before, @Nullable Long after, int limit) {
        return archive().page(tenant, query, before, after, limit).stream()
                .map(payload -> Long.parseLong(payload.replaceAll(".*\"sequence\":(\\d+).*", "$1")))
                .toList();
    }

    private static List<Long> descending(long from, long to) {
        return LongStream.iterate(from, s -> s >= to, s -> s - 1).boxed().toList();
    }

    private static List<Long> ascending(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
