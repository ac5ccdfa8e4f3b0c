package dev.settle.events.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.shared.BatchedDelete;

import dev.settle.tenancy.Tenant;

/**
 * The event archive in PostgreSQL: table {@code events_archive} (V30), one row per event with the
 * keys its queries filter and order on as columns and the event's JSON as a document. Every query
 * reads one index range in the order it returns rows:
 * <ul>
 * <li>the list, and its cursors, the primary key {@code (account_id, livemode, sequence)};</li>
 * <li>by type, {@code (account_id, livemode, type, sequence)}, once per wanted type, merged;</li>
 * <li>by object, {@code (account_id, livemode, object_id, sequence)};</li>
 * <li>one event, the unique index on {@code event_id}.</li>
 * </ul>
 * Retention deletes in small batches in creation order ({@code created} index), each its own
 * short transaction.
 */
class PostgresEventArchive implements EventArchive {

    /** Rows deleted per retention statement: short transactions, never a long lock. */
    static final int PURGE_BATCH = 1_000;

    private final JdbcClient jdbc;

    PostgresEventArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO events_archive (account_id, livemode, sequence, event_id, type, object_id, created, payload)
            SELECT *
            FROM unnest(CAST(:accounts AS text[]), CAST(:livemodes AS boolean[]), CAST(:sequences AS bigint[]),
                        CAST(:ids AS text[]), CAST(:types AS text[]), CAST(:objects AS text[]),
                        CAST(:created AS timestamptz[]), CAST(:payloads AS json[]))
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """;

    /** Of the given events, those whose sequence another event holds, or that are not there at all. */
    private static final String MISPLACED = """
            SELECT k.event_id, e.event_id AS holder, k.account_id, k.sequence
            FROM unnest(CAST(:accounts AS text[]), CAST(:livemodes AS boolean[]), CAST(:sequences AS bigint[]),
                        CAST(:ids AS text[])) AS k (account_id, livemode, sequence, event_id)
            LEFT JOIN events_archive AS e
              ON e.account_id = k.account_id
             AND e.livemode = k.livemode
             AND e.sequence = k.sequence
            WHERE e.event_id IS DISTINCT FROM k.event_id
            """;

    /**
     * One statement for the batch. The rows it skipped (an event archived before, or a different
     * event under its sequence) are checked in one more, and only the first kind is accepted.
     */
    @Override
    public void save(List<Archived> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> inserted = new HashSet<>(jdbc.sql(INSERT)
                .param("accounts", batch.stream().map(Archived::accountId).toArray(String[]::new))
                .param("livemodes", batch.stream().map(Archived::livemode).toArray(Boolean[]::new))
                .param("sequences", batch.stream().map(Archived::sequence).toArray(Long[]::new))
                .param("ids", batch.stream().map(Archived::id).toArray(String[]::new))
                .param("types", batch.stream().map(Archived::type).toArray(String[]::new))
                .param("objects", batch.stream().map(Archived::objectId).toArray(String[]::new))
                .param("created", batch.stream().map(event -> event.created().toString()).toArray(String[]::new))
                .param("payloads", batch.stream().map(Archived::payload).toArray(String[]::new))
                .query(String.class).list());
        List<Archived> skipped = batch.stream().filter(event -> !inserted.contains(event.id())).toList();
        if (skipped.isEmpty()) {
            return;
        }
        List<String> misplaced = jdbc.sql(MISPLACED)
                .param("accounts", skipped.stream().map(Archived::accountId).toArray(String[]::new))
                .param("livemodes", skipped.stream().map(Archived::livemode).toArray(Boolean[]::new))
                .param("sequences", skipped.stream().map(Archived::sequence).toArray(Long[]::new))
                .param("ids", skipped.stream().map(Archived::id).toArray(String[]::new))
                .query((rs, n) -> rs.getString("event_id") + " as sequence " + rs.getLong("sequence") + " of "
                        + rs.getString("account_id") + (rs.getString("holder") == null
                                ? " (archived under another sequence)" : " (held by " + rs.getString("holder") + ")"))
                .list();
        if (!misplaced.isEmpty()) {
            throw new IllegalStateException("Cannot archive " + misplaced.size() + " events where others are: " + misplaced);
        }
    }

    private static final String BY_ID = """
            SELECT payload::text
            FROM events_archive
            WHERE event_id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    @Override
    public Optional<String> payload(Tenant tenant, String id) {
        return jdbc.sql(BY_ID).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(String.class).optional();
    }

    private static final String SEQUENCE_OF = """
            SELECT sequence
            FROM events_archive
            WHERE event_id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    @Override
    public Optional<Long> sequence(Tenant tenant, String id) {
        return jdbc.sql(SEQUENCE_OF).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(Long.class).optional();
    }

    /** Newest first (or oldest first going back) in the account's sequence: the primary key. */
    private static final String LIST = """
            SELECT payload::text
            FROM events_archive
            WHERE account_id = :account
              AND livemode = :livemode
              AND sequence > :after
              AND sequence < :before
              %s
            ORDER BY sequence %s
            LIMIT :limit
            """;

    /** Events about one object: index (account_id, livemode, object_id, sequence); an object has few. */
    private static final String BY_OBJECT = """
            SELECT payload::text
            FROM events_archive
            WHERE account_id = :account
              AND livemode = :livemode
              AND object_id = :object
              AND sequence > :after
              AND sequence < :before
              %s
            ORDER BY sequence %s
            LIMIT :limit
            """;

    /**
     * Events of some types: for each type, its first {@code limit} rows from index
     * (account_id, livemode, type, sequence), then the first {@code limit} of those by sequence,
     * then their documents. At most types x limit index entries are read, however many events match.
     */
    private static final String BY_TYPES = """
            SELECT e.payload::text
            FROM (
                SELECT t.sequence
                FROM unnest(CAST(:types AS text[])) AS wanted (type)
                CROSS JOIN LATERAL (
                    SELECT sequence
                    FROM events_archive
                    WHERE account_id = :account
                      AND livemode = :livemode
                      AND type = wanted.type
                      AND sequence > :after
                      AND sequence < :before
                      %1$s
                    ORDER BY sequence %2$s
                    LIMIT :limit
                ) AS t
                ORDER BY t.sequence %2$s
                LIMIT :limit
            ) AS page
            JOIN events_archive AS e
              ON e.account_id = :account
             AND e.livemode = :livemode
             AND e.sequence = page.sequence
            ORDER BY e.sequence %2$s
            """;

    /**
     * The distinct types of a tenant's events, one index probe each (a loose index scan of
     * (account_id, livemode, type, sequence)): what a pattern such as {@code charge.*} stands for.
     */
    private static final String TYPES = """
            WITH RECURSIVE types (type) AS (
                (SELECT type
                 FROM events_archive
                 WHERE account_id = :account
                   AND livemode = :livemode
                 ORDER BY type
                 LIMIT 1)
                UNION ALL
                SELECT (SELECT e.type
                        FROM events_archive AS e
                        WHERE e.account_id = :account
                          AND e.livemode = :livemode
                          AND e.type > types.type
                        ORDER BY e.type
                        LIMIT 1)
                FROM types
                WHERE types.type IS NOT NULL
            )
            SELECT type
            FROM types
            WHERE type IS NOT NULL
            """;

    @Override
    public List<String> page(Tenant tenant, Query query, @Nullable Long before, @Nullable Long after, int limit) {
        return pageStatement(tenant, query, before, after, limit)
                .map(statement -> jdbc.sql(statement.sql()).params(statement.params()).query(String.class).list())
                .orElse(List.of());
    }

    /** A statement with its named parameters. */
    record Statement(String sql, Map<String, @Nullable Object> params) {
    }

    /**
     * The statement {@link #page} runs for these arguments (tests EXPLAIN it); empty when no event
     * can match (type patterns that match none of the account's types).
     */
    Optional<Statement> pageStatement(Tenant tenant, Query query, @Nullable Long before, @Nullable Long after, int limit) {
        EventTypes types = new EventTypes(query.types());
        String order = after != null ? "ASC" : "DESC";
        Map<String, @Nullable Object> params = new HashMap<>();
        String sql;
        if (query.objectId() != null) {
            sql = BY_OBJECT.formatted(created(query) + (types.all() ? "" : "AND type LIKE ANY (CAST(:typePatterns AS text[]))"), order);
            params.put("object", query.objectId());
            params.put("typePatterns", query.types().stream().map(PostgresEventArchive::likePattern).toArray(String[]::new));
        } else if (!types.all()) {
            List<String> wanted = types.exactOnly() ? types.patterns() : types.select(typesOf(tenant));
            if (wanted.isEmpty()) {
                return Optional.empty();
            }
            sql = BY_TYPES.formatted(created(query), order);
            params.put("types", wanted.toArray(String[]::new));
        } else {
            sql = LIST.formatted(created(query), order);
        }
        params.put("account", tenant.accountId());
        params.put("livemode", tenant.livemode());
        params.put("after", after != null ? after : 0L);
        params.put("before", before != null ? before : Long.MAX_VALUE);
        params.put("limit", limit);
        if (query.createdFrom() != null) {
            params.put("createdFrom", Timestamp.from(query.createdFrom()));
        }
        if (query.createdUntil() != null) {
            params.put("createdUntil", Timestamp.from(query.createdUntil()));
        }
        return Optional.of(new Statement(sql, params));
    }

    private List<String> typesOf(Tenant tenant) {
        return jdbc.sql(TYPES).param("account", tenant.accountId()).param("livemode", tenant.livemode()).query(String.class).list();
    }

    private static String created(Query query) {
        return (query.createdFrom() != null ? "AND created >= :createdFrom\n" : "")
                + (query.createdUntil() != null ? "AND created < :createdUntil\n" : "");
    }

    /** {@code charge.*} as {@code charge.%}; the underscores of type names matched as themselves. */
    private static String likePattern(String pattern) {
        String escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return escaped.endsWith(".*") ? escaped.substring(0, escaped.length() - 1) + "%" : escaped;
    }

    private static final String PURGE = """
            DELETE FROM events_archive
            WHERE ctid = ANY (ARRAY(
                SELECT ctid
                FROM events_archive
                WHERE created < :cutoff
                ORDER BY created
                LIMIT :batch))
            """;

    @Override
    public long purgeOlderThan(Instant cutoff) {
        // Each batch its own statement; as background work it runs under the background pool's short timeouts.
        return BatchedDelete.untilDone(PURGE_BATCH,
                () -> jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).param("batch", PURGE_BATCH).update());
    }
}
