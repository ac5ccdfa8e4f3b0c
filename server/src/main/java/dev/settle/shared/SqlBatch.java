package dev.settle.shared;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Statements with {@code :named} parameters (as {@code JdbcClient} takes them) joined into one
 * multi-statement SQL text with its arguments, for one prepared statement: the PostgreSQL driver
 * sends each statement's parse, bind and execute and then waits once, so the whole batch is one
 * round trip. The server runs them in order, each as a statement of its own, and stops at the
 * first that fails; outside a transaction they form one implicit transaction, all or nothing.
 */
public final class SqlBatch {

    /** Parsed statements by their text; the texts are constants, the bound only guards against misuse. */
    private static final Map<String, ParsedSql> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 1_000;

    private final List<String> statements = new ArrayList<>();
    private final List<@Nullable Object> arguments = new ArrayList<>();
    /** How many of {@link #arguments} each statement took, in order. */
    private final List<Integer> counts = new ArrayList<>();

    public SqlBatch add(String sql, Map<String, ? extends @Nullable Object> params) {
        return add(sql, new MapSqlParameterSource(params));
    }

    /** Adds {@code sql} with its values; a value is a single value, never a list to expand. */
    public SqlBatch add(String sql, SqlParameterSource params) {
        ParsedSql parsed = PARSED.size() < MAX_PARSED ? PARSED.computeIfAbsent(sql, NamedParameterUtils::parseSqlStatement)
                : NamedParameterUtils.parseSqlStatement(sql);
        Object[] values = NamedParameterUtils.buildValueArray(parsed, params, null);
        for (Object value : values) {
            if (value instanceof Iterable<?> || value instanceof Object[]) {
                throw new IllegalArgumentException("A batched statement takes single values, not lists: " + sql);
            }
        }
        statements.add(NamedParameterUtils.substituteNamedParameters(parsed, params));
        Collections.addAll(arguments, values);
        counts.add(values.length);
        return this;
    }

    public boolean isEmpty() {
        return statements.isEmpty();
    }

    public void clear() {
        statements.clear();
        arguments.clear();
        counts.clear();
    }

    /**
     * This batch cut, in order, into batches of at most {@code maxArguments} arguments each (a
     * statement is never cut; one with more goes alone). PostgreSQL's protocol takes at most
     * 65,535 parameters per query, however many statements it holds: a transaction that wrote
     * fifty thousand events in one batch was refused whole at its commit, every time it ran.
     * Sent one after the other inside one transaction, the parts commit or roll back together.
     */
    public List<SqlBatch> split(int maxArguments) {
        List<SqlBatch> parts = new ArrayList<>();
        SqlBatch part = new SqlBatch();
        int argument = 0;
        for (int i = 0; i < statements.size(); i++) {
            int count = counts.get(i);
            if (!part.isEmpty() && part.arguments.size() + count > maxArguments) {
                parts.add(part);
                part = new SqlBatch();
            }
            part.statements.add(statements.get(i));
            part.arguments.addAll(arguments.subList(argument, argument + count));
            part.counts.add(count);
            argument += count;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** The statements as one SQL text, followed by {@code last} (e.g. {@code COMMIT}) if given. */
    public String sql(@Nullable String last) {
        String joined = String.join(";\n", statements);
        return last == null ? joined : joined + ";\n" + last;
    }

    /** Binds the arguments of {@link #sql} to {@code statement}. */
    public void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < arguments.size(); i++) {
            Object value = arguments.get(i);
            if (value instanceof SqlParameterValue typed) {
                StatementCreatorUtils.setParameterValue(statement, i + 1, typed, typed.getValue());
            } else {
                StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, value);
            }
        }
    }
}
