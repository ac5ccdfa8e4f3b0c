package dev.settle.platform.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import dev.settle.shared.SqlBatch;

/**
 * One connection's writes held back by {@link dev.settle.platform.WriteBehind}, in order, sent
 * as one {@link SqlBatch}; with a trailing COMMIT, the whole transaction's tail is one round trip
 * (or a few, when its writes hold more parameters than one query may: {@link SqlBatch#split}).
 */
public final class DeferredWrites {

    /** Under PostgreSQL's limit of 65,535 parameters per query, with room to spare. */
    static final int MAX_ARGUMENTS = 30_000;

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
        try {
            List<SqlBatch> parts = writes.split(MAX_ARGUMENTS);
            writes.clear();
            for (int i = 0; i < parts.size(); i++) {
                SqlBatch part = parts.get(i);
                boolean last = i == parts.size() - 1;
                try (PreparedStatement statement = connection.prepareStatement(part.sql(commit && last ? "COMMIT" : null))) {
                    part.bind(statement);
                    statement.execute();
                }
            }
        } finally {
            writes.clear();
        }
    }
}
