package dev.settle.shared;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keyset pagination over {@code (created_at, id)}, newest first, as every list endpoint pages.
 * A list query ends with {@link #PAGE} after its own filters and is bound with {@link #bind}.
 * Fetching {@code limit + 1} rows lets {@link ListPage#of} tell {@code has_more}.
 */
public final class Keyset {

    /** Append after the query's own {@code WHERE} conditions. */
    public static final String PAGE = """
              AND (CAST(:cursorId AS text) IS NULL
                   OR (:backwards AND (created_at, id) > (:cursorCreated, :cursorId))
                   OR (NOT :backwards AND (created_at, id) < (:cursorCreated, :cursorId)))
            ORDER BY
              CASE WHEN :backwards THEN created_at END ASC,
              CASE WHEN :backwards THEN id END ASC,
              CASE WHEN NOT :backwards THEN created_at END DESC,
              CASE WHEN NOT :backwards THEN id END DESC
            LIMIT :limit
            """;

    private Keyset() {
    }

    /**
     * Binds the page parameters. The cursor must be one of the caller's own objects, found by
     * {@code creationOf} (which applies the tenant); otherwise 404 naming the cursor parameter.
     */
    public static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, ListParams params, String objectName,
            Function<String, Optional<Instant>> creationOf) {
        @Nullable Instant cursorCreated = null;
        if (params.cursor() != null) {
            cursorCreated = creationOf.apply(params.cursor())
                    .orElseThrow(() -> new ResourceNotFoundException(objectName, params.cursor(), params.cursorParam()));
        }
        return statement
                .param("cursorId", params.cursor())
                .param("cursorCreated", cursorCreated == null ? new Timestamp(0) : Timestamp.from(cursorCreated))
                .param("backwards", params.backwards())
                .param("limit", params.limit() + 1);
    }
}
