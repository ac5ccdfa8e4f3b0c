package dev.settle.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

import dev.settle.shared.SqlBatch;

/**
 * Queries sent to PostgreSQL together, in one round trip, and run one after the other, each
 * as a statement of its own: in READ COMMITTED each takes its snapshot when it starts, after
 * the one before has finished. So "lock a row, then read what belongs to it" costs one round
 * trip, and the read sees everything committed before the lock was granted (a single joined
 * statement would not: its other tables are read as of before it waited for the lock).
 *
 * <pre>
 * Pipeline.Queries reads = pipeline.queries();
 * Pipeline.Result&lt;Intent&gt; intent = intents.lock(reads, id);     // adds its SQL, kept beside its method
 * Pipeline.Result&lt;Attempts&gt; attempts = charges.of(reads, id);
 * reads.run();
 * </pre>
 */
@Component
public class Pipeline {

    private final JdbcTemplate jdbc;

    Pipeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Queries queries() {
        return new Queries();
    }

    /** One query's result, there once {@link Queries#run()} has returned. */
    public static final class Result<T> {

        private final ResultSetExtractor<T> extractor;
        private @Nullable T value;
        private boolean done;

        private Result(ResultSetExtractor<T> extractor) {
            this.extractor = extractor;
        }

        public T get() {
            if (!done) {
                throw new IllegalStateException("The pipeline has not run");
            }
            return value;
        }
    }

    public final class Queries {

        private final SqlBatch batch = new SqlBatch();
        private final List<Result<?>> results = new ArrayList<>();

        private Queries() {
        }

        /** Adds a query with {@code :named} parameters, as with {@code JdbcClient}; each gets its whole result set. */
        public <T> Result<T> add(String sql, Map<String, ?> params, ResultSetExtractor<T> extractor) {
            batch.add(sql, params);
            Result<T> result = new Result<>(extractor);
            results.add(result);
            return result;
        }

        /** Sends all the queries in one round trip and reads their results, in order. */
        public void run() {
            jdbc.execute(batch.sql(null), (PreparedStatement statement) -> {
                batch.bind(statement);
                boolean isResultSet = statement.execute();
                for (Result<?> result : results) {
                    if (!isResultSet) {
                        throw new IllegalStateException("A pipelined statement returned no rows: " + batch.sql(null));
                    }
                    try (ResultSet rows = statement.getResultSet()) {
                        read(result, rows);
                    }
                    isResultSet = statement.getMoreResults();
                }
                return null;
            });
        }

        private <T> void read(Result<T> result, ResultSet rows) throws SQLException {
            result.value = result.extractor.extractData(rows);
            result.done = true;
        }
    }
}
