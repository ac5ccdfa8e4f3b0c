package dev.settle.support.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/** Plain JDBC to the embedded PostgreSQL, read-only, for the checks. */
final class Sql implements AutoCloseable {

    private final Connection connection;

    private Sql(Connection connection) {
        this.connection = connection;
    }

    static Sql connect(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        connection.setReadOnly(true);
        return new Sql(connection);
    }

    /** Each row as an array of its columns; a {@code Collection<String>} parameter is sent as {@code text[]}. */
    List<Object[]> rows(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet result = statement.executeQuery()) {
            List<Object[]> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = result.getObject(c + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i] instanceof Collection<?> values
                    ? connection.createArrayOf("text", values.toArray())
                    : parameters[i];
            statement.setObject(i + 1, parameter);
        }
        return statement;
    }

    /**
     * Each row a violation of {@code kind}: the first column names its subject, the others are the
     * evidence, as {@code label=value}.
     */
    List<Violation> violations(String kind, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet result = statement.executeQuery()) {
            List<Violation> found = new ArrayList<>();
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                StringJoiner evidence = new StringJoiner(", ");
                for (int c = 2; c <= columns.getColumnCount(); c++) {
                    evidence.add(columns.getColumnLabel(c) + "=" + result.getObject(c));
                }
                found.add(new Violation(kind, String.valueOf(result.getObject(1)), evidence.toString()));
            }
            return found;
        }
    }

    /** The first column of every row, as text. */
    List<String> strings(String sql, Object... parameters) throws SQLException {
        return rows(sql, parameters).stream().map(row -> String.valueOf(row[0])).toList();
    }

    long number(String sql, Object... parameters) throws SQLException {
        return ((Number) rows(sql, parameters).getFirst()[0]).longValue();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
