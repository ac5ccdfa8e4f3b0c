package dev.settle.platform.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import dev.settle.shared.SqlBatch;

/**
 * One connection's writes held back by {@link dev.settle.platform.WriteBehind}, in order, sent
 * as one {@link SqlBatch}; with a trailing COMMIT, the whole transaction's tail is one round trip.
 */
public final class DeferredWrites {

    private final SqlBatch writes = new SqlBatch();

    /** Queues {@code sql} (with {@code :named} parameters) with its values. */
    public void add(String sql, SqlParameterSource params) {
        writes.add(sql, params);
    }

    /** Drops what is queued: the transaction is rolled back or abandoned. */
    void discard() {
        writes.clear();
    }

    /**
     * Sends what is queued, if anything, ending with a COMMIT when {@code commit}. The queue is
     * emptied first: if the send fails, the transaction fails with it.
     */
    void send(Connection connection, boolean commit) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        String sql = writes.sql(commit ? "COMMIT" : null);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            writes.bind(statement);
            writes.clear();
            statement.execute();
        } finally {
            writes.clear();
        }
    }
}
