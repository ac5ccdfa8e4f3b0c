package dev.settle.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw-SQL baseline of the events API: the statements Settle's PostgreSQL archive runs for each
 * request (copied from server/.../events/internal/PostgresEventArchive.java, with its parameters
 * inlined as JDBC ones), over one JDBC connection to the same embedded PostgreSQL, fetching the
 * same rows — no HTTP, no authentication, no JSON. A request that takes two statements in Settle
 * (a cursor looked up, then the page; a pattern's types, then the page) takes the same two here.
 */
final class EventQueries {

    static final int LIMIT = 11; // the page of 10 plus one, to tell has_more

    static final String LIST = """
            SELECT payload::text
            FROM events_archive
            WHERE account_id = ?
              AND livemode = false
              AND sequence > ?
              AND sequence < ?
            ORDER BY sequence DESC
            LIMIT ?
            """;

    static final String BY_OBJECT = """
            SELECT payload::text
            FROM events_archive
            WHERE account_id = ?
              AND livemode = false
              AND object_id = ?
              AND sequence > ?
              AND sequence < ?
            ORDER BY sequence DESC
            LIMIT ?
            """;

    static final String BY_TYPES = """
            SELECT e.payload::text
            FROM (
                SELECT t.sequence
                FROM unnest(CAST(? AS text[])) AS wanted (type)
                CROSS JOIN LATERAL (
                    SELECT sequence
                    FROM events_archive
                    WHERE account_id = ?
                      AND livemode = false
                      AND type = wanted.type
                      AND sequence > ?
                      AND sequence < ?
                    ORDER BY sequence DESC
                    LIMIT ?
                ) AS t
                ORDER BY t.sequence DESC
                LIMIT ?
            ) AS page
            JOIN events_archive AS e
              ON e.account_id = ?
             AND e.livemode = false
             AND e.sequence = page.sequence
            ORDER BY e.sequence DESC
            """;

    static final String TYPES = """
            WITH RECURSIVE types (type) AS (
                (SELECT type
                 FROM events_archive
                 WHERE account_id = ?
                   AND livemode = false
                 ORDER BY type
                 LIMIT 1)
                UNION ALL
                SELECT (SELECT e.type
                        FROM events_archive AS e
                        WHERE e.account_id = ?
                          AND e.livemode = false
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

    static final String SEQUENCE_OF = """
            SELECT sequence
            FROM events_archive
            WHERE event_id = ?
              AND account_id = ?
              AND livemode = false
            """;

    static final String BY_ID = """
            SELECT payload::text
            FROM events_archive
            WHERE event_id = ?
              AND account_id = ?
              AND livemode = false
            """;

    private final Connection db;

    EventQueries(Connection db) {
        this.db = db;
    }

    List<String> list(String account) throws SQLException {
        return list(account, Long.MAX_VALUE);
    }

    private List<String> list(String account, long before) throws SQLException {
        return rows(LIST, account, 0L, before, LIMIT);
    }

    List<String> byTypes(String account, List<String> types) throws SQLException {
        return rows(BY_TYPES, array(types), account, 0L, Long.MAX_VALUE, LIMIT, LIMIT, account);
    }

    /** {@code charge.*}: the account's types first, then the page of those that match. */
    List<String> byPrefix(String account, String prefix) throws SQLException {
        List<String> matching = new ArrayList<>();
        for (String type : rows(TYPES, account, account)) {
            if (type.startsWith(prefix)) {
                matching.add(type);
            }
        }
        return matching.isEmpty() ? List.of() : byTypes(account, matching);
    }

    List<String> byObject(String account, String object) throws SQLException {
        return rows(BY_OBJECT, account, object, 0L, Long.MAX_VALUE, LIMIT);
    }

    /** {@code starting_after}: the cursor's sequence, then the page below it. */
    List<String> after(String account, String eventId) throws SQLException {
        List<String> sequence = rows(SEQUENCE_OF, eventId, account);
        return list(account, Long.parseLong(sequence.getFirst()));
    }

    List<String> byId(String account, String eventId) throws SQLException {
        return rows(BY_ID, eventId, account);
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of a statement with these parameters. */
    String explain(String sql, Object... params) throws SQLException {
        return String.join("\n", rows("EXPLAIN (ANALYZE, BUFFERS) " + sql, params));
    }

    Array array(List<String> values) throws SQLException {
        return db.createArrayOf("text", values.toArray());
    }

    private List<String> rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
                return rows;
            }
        }
    }
}
