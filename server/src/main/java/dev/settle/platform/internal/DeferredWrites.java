package dev.settle.platform.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * One connection's writes held back by {@link dev.settle.platform.WriteBehind}, in order.
 * They are sent as one multi-statement prepared statement: the PostgreSQL driver sends each
 * statement's parse, bind and execute and waits once, and the server stops at the first that
 * fails. Sent with a trailing COMMIT, the whole transaction's tail is one round trip.
 */
public final class DeferredWrites {

    /** Parsed statements by their text; the texts are constants, the bound only guards against misuse. */
    private static final Map<String, ParsedSql> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 1_000;

    private final List<String> statements = new ArrayList<>();
    private final List<Object> arguments = new ArrayList<>();

    /** Queues {@code sql} (with {@code :named} parameters) with its values. */
    public void add(String sql, SqlParameterSource params) {
        ParsedSql parsed = PARSED.size() < MAX_PARSED ? PARSED.computeIfAbsent(sql, NamedParameterUtils::parseSqlStatement)
                : NamedParameterUtils.parseSqlStatement(sql);
        Object[] values = NamedParameterUtils.buildValueArray(parsed, params, null);
        for (Object value : values) {
            if (value instanceof Iterable<?> || value instanceof Object[]) {
                throw new IllegalArgumentException("A deferred write takes single values, not lists: " + sql);
            }
        }
        statements.add(NamedParameterUtils.substituteNamedParameters(parsed, params));
        Collections.addAll(arguments, values);
    }

    /** Drops what is queued: the transaction is rolled back or abandoned. */
    void discard() {
        statements.clear();
        arguments.clear();
    }

    /**
     * Sends what is queued, if anything, ending with a COMMIT when {@code commit}. The queue is
     * emptied first: if the send fails, the transaction fails with it.
     */
    void send(Connection connection, boolean commit) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        String sql = String.join(";\n", statements) + (commit ? ";\nCOMMIT" : "");
        Object[] values = arguments.toArray();
        discard();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof SqlParameterValue typed) {
                    StatementCreatorUtils.setParameterValue(statement, i + 1, typed, typed.getValue());
                } else {
                    StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, values[i]);
                }
            }
            statement.execute();
        }
    }
}
