package dev.settle.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Looks for a string in every text, JSON, array and byte column of every table Settle has. */
public final class ClearText {

    private ClearText() {
    }

    private record Column(String schema, String table, String column, String type) {

        String qualified() {
            return "\"" + schema + "\".\"" + table + "\".\"" + column + "\"";
        }
    }

    private static final String COLUMNS = """
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE'
              AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
            ORDER BY 1, 2, 3
            """;

    /** How many columns were searched by the last call (so a test can show it searched something). */
    public static int columnsSearched(JdbcClient jdbc) {
        return jdbc.sql(COLUMNS).query((rs, n) -> 1).list().size();
    }

    /** {@code schema.table.column} of every column holding {@code needle} in some row. */
    public static List<String> columnsContaining(JdbcClient jdbc, String needle) {
        List<Column> columns = jdbc.sql(COLUMNS)
                .query((rs, n) -> new Column(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        List<String> found = new ArrayList<>();
        for (Column column : columns) {
            String table = "\"" + column.schema() + "\".\"" + column.table() + "\"";
            String name = "\"" + column.column() + "\"";
            long rows = column.type().equals("bytea")
                    ? jdbc.sql("SELECT count(*) FROM " + table + " WHERE position(CAST(:needle AS bytea) IN " + name + ") > 0")
                            .param("needle", needle.getBytes(StandardCharsets.UTF_8)).query(Long.class).single()
                    : jdbc.sql("SELECT count(*) FROM " + table + " WHERE strpos(CAST(" + name + " AS text), :needle) > 0")
                            .param("needle", needle).query(Long.class).single();
            if (rows > 0) {
                found.add(column.qualified());
            }
        }
        return found;
    }
}
