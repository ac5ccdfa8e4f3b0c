package dev.settle.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.settle.platform.internal.DeferredWrites;

/**
 * Writes whose outcome the caller does not need (the last inserts and updates of a state
 * change, its events, the stored idempotent answer) are held back and sent to PostgreSQL
 * together with the transaction's COMMIT, in one round trip instead of one each.
 *
 * <p>They still run in the order deferred and inside the caller's transaction: before
 * anything else runs on its connection (a query, a write that is not deferred), the deferred
 * writes are sent first, so a transaction always reads what it wrote. A deferred write that
 * fails fails the commit, or the statement it was sent before, and the whole transaction is
 * rolled back. Refused outside a transaction, where there would be no commit to ride on.
 */
@Component
public class WriteBehind {

    private final DataSource dataSource;

    WriteBehind(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A write with {@code :named} parameters, as with {@code JdbcClient}. */
    public Write sql(String sql) {
        return new Write(sql);
    }

    public final class Write {

        private String sql;
        private final MapSqlParameterSource params = new MapSqlParameterSource();

        private Write(String sql) {
            this.sql = sql;
        }

        public Write param(String name, @Nullable Object value) {
            params.addValue(name, value);
            return this;
        }

        public Write params(Map<String, ? extends @Nullable Object> values) {
            params.addValues(values);
            return this;
        }

        /**
         * The write (an INSERT, UPDATE or DELETE without RETURNING) must change exactly {@code rows}
         * rows; if it changes another number, it fails, and with it the commit: a
         * {@link org.springframework.dao.ConcurrencyFailureException}, since that means another
         * transaction changed the row first (an update of the version this one read, say).
         *
         * @param what names the row(s) in the error
         */
        public Write expectRows(long rows, String what) {
            sql = "WITH changed AS (\n" + sql.stripTrailing() + "\nRETURNING 1\n)\n"
                    + "SELECT platform_expect_rows(count(*), :expectedRows, :expectation) FROM changed\n";
            params.addValue("expectedRows", rows);
            params.addValue("expectation", what);
            return this;
        }

        /** Queues the write on the current transaction's connection. */
        public void defer() {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                throw new IllegalStateException("A deferred write needs a transaction to commit with");
            }
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                connection.unwrap(DeferredWrites.class).add(sql, params);
            } catch (SQLTransientConnectionException e) {
                // A lazily fetched connection the pool could not hand out in time: overload, not a bug.
                throw new CannotGetJdbcConnectionException("No database connection for a deferred write", e);
            } catch (SQLException e) {
                throw new IllegalStateException("The data source does not defer writes", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
    }
}
