package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.settle.shared.Ids;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * What the attempt log relies on from its store, whichever it is: run against PostgreSQL
 * ({@link PostgresAttemptStoreTests}) and against a MongoDB-wire-compatible server in a process of
 * its own ({@link MongoAttemptStoreTests}). Each test works in accounts of its own.
 */
abstract class AttemptStoreContract {

    abstract AttemptStore store();

    /** Whole milliseconds, the finest both stores keep. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anAttemptIsFoundByIdOnlyByItsAccountAndMode() {
        Tenant tenant = newTenant();
        AttemptLog.Attempt answered = attempt(tenant, "wha_answered" + Ids.randomBase62(8), "we_1", "evt_1", NOW, 503, "busy", null);
        AttemptLog.Attempt unanswered = attempt(tenant, "wha_silent" + Ids.randomBase62(8), "we_1", "evt_1", NOW, null, null, "timeout");
        store().insert(List.of(answered, unanswered));

        assertThat(store().find(tenant, answered.id())).contains(answered);
        assertThat(store().find(tenant, unanswered.id())).contains(unanswered);
        assertThat(store().find(newTenant(), answered.id())).isEmpty();
        assertThat(store().find(new Tenant(tenant.account(), true), answered.id())).isEmpty();
    }

    @Test
    void insertingAgainSkipsWhatIsThere() {
        Tenant tenant = newTenant();
        AttemptLog.Attempt first = attempt(tenant, "wha_" + Ids.randomBase62(16), "we_1", "evt_1", NOW, 200, "ok", null);
        store().insert(List.of(first));
        AttemptLog.Attempt again = attempt(tenant, first.id(), "we_1", "evt_1", NOW, 500, "changed", null);
        store().insert(List.of(again, attempt(tenant, "wha_" + Ids.randomBase62(16), "we_1", "evt_1", NOW, 200, "ok", null)));

        assertThat(store().find(tenant, first.id())).contains(first);
        assertThat(store().page(tenant, "we_1", null, null, false, 10)).hasSize(2);
    }

    /**
     * Newest first by (created, id), ids compared bytewise (upper case before lower case) on both
     * stores, so attempts made in the same millisecond page the same way everywhere.
     */
    @Test
    void anEndpointsAttemptsPageNewestFirstByCreatedThenId() {
        Tenant tenant = newTenant();
        List<AttemptLog.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Instant created = NOW.minusSeconds(i / 3);
            String id = "wha_" + "AaBbCc".charAt(i % 6) + Ids.randomBase62(12);
            attempts.add(attempt(tenant, id, "we_target", "evt_" + i % 4, created, 200, "ok", null));
        }
        attempts.add(attempt(tenant, "wha_" + Ids.randomBase62(16), "we_other", "evt_1", NOW, 200, "ok", null));
        store().insert(attempts);
        List<String> expected = attempts.stream().filter(a -> a.endpointId().equals("we_target"))
                .sorted(Comparator.comparing(AttemptLog.Attempt::created).thenComparing(AttemptLog.Attempt::id).reversed())
                .map(AttemptLog.Attempt::id).toList();

        assertThat(ids(store().page(tenant, "we_target", null, null, false, 5))).isEqualTo(expected.subList(0, 5));
        AttemptLog.Attempt cursor = store().find(tenant, expected.get(4)).orElseThrow();
        assertThat(ids(store().page(tenant, "we_target", null, cursor, false, 5))).isEqualTo(expected.subList(5, 10));
        AttemptLog.Attempt later = store().find(tenant, expected.get(10)).orElseThrow();
        assertThat(ids(store().page(tenant, "we_target", null, later, true, 5))).as("ending_before: oldest first")
                .isEqualTo(expected.subList(5, 10).reversed());
        assertThat(ids(store().page(tenant, "we_target", "evt_1", null, false, 10)))
                .isEqualTo(attempts.stream().filter(a -> a.endpointId().equals("we_target") && a.eventId().equals("evt_1"))
                        .sorted(Comparator.comparing(AttemptLog.Attempt::created).thenComparing(AttemptLog.Attempt::id).reversed())
                        .map(AttemptLog.Attempt::id).toList());
    }

    @Test
    void anEventsAttemptsAcrossEndpoints() {
        Tenant tenant = newTenant();
        List<AttemptLog.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(attempt(tenant, "wha_" + i + Ids.randomBase62(12), "we_" + i % 3, i < 4 ? "evt_wanted" : "evt_other",
                    NOW.plusMillis(i), 200, "ok", null));
        }
        store().insert(attempts);

        assertThat(ids(store().page(tenant, null, "evt_wanted", null, false, 10)))
                .isEqualTo(List.of(attempts.get(3).id(), attempts.get(2).id(), attempts.get(1).id(), attempts.get(0).id()));
        assertThat(ids(store().page(newTenant(), null, "evt_wanted", null, false, 10))).isEmpty();
    }

    @Test
    void purgeDropsOnlyAttemptsMadeBeforeTheCutoff() {
        Tenant tenant = newTenant();
        Instant old = Instant.parse("1990-01-01T00:00:00Z");
        List<AttemptLog.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 1_203; i++) {
            attempts.add(attempt(tenant, "wha_old" + i + Ids.randomBase62(8), "we_1", "evt_" + i, old.plusSeconds(i), 200, "ok", null));
        }
        AttemptLog.Attempt recent = attempt(tenant, "wha_" + Ids.randomBase62(16), "we_1", "evt_new", NOW, 200, "ok", null);
        attempts.add(recent);
        store().insert(attempts);

        assertThat(store().purgeOlderThan(Instant.parse("1991-01-01T00:00:00Z"))).as("more than one batch").isEqualTo(1_203);
        assertThat(ids(store().page(tenant, "we_1", null, null, false, 10))).containsExactly(recent.id());
    }

    static Tenant newTenant() {
        return new Tenant(new AccountId("acct_" + Ids.randomBase62(16)), false);
    }

    static AttemptLog.Attempt attempt(Tenant tenant, String id, String endpoint, String event, Instant created,
            @Nullable Integer status, @Nullable String body, @Nullable String error) {
        return new AttemptLog.Attempt(id, tenant, endpoint, event, "payment_intent.succeeded", 2, status != null && status < 300,
                status, 41, body, error, created);
    }

    private static List<String> ids(List<AttemptLog.Attempt> attempts) {
        return attempts.stream().map(AttemptLog.Attempt::id).toList();
    }
}
