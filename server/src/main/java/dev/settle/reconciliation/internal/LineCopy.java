package dev.settle.reconciliation.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A report's lines go to {@code reconciliation_report_lines} with PostgreSQL's COPY, streamed
 * in chunks as they are read: one statement for the whole file, no round trip per line. Runs on
 * the caller's transaction's connection, so the lines commit (or vanish) with the report.
 */
final class LineCopy implements AutoCloseable {

    private static final String COPY = """
            COPY reconciliation_report_lines (report_id, line, row_id, category, reference, charge_ref, gross, fee, net, currency,
                                              payout_id, created, transaction_count)
            FROM STDIN
            """;
    private static final int CHUNK = 1 << 16;

    private final CopyIn copy;
    private final String reportId;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);
    private boolean done;

    LineCopy(DataSource dataSource, String reportId) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        this.reportId = reportId;
    }

    void add(ReportLine line) throws SQLException {
        field(reportId).append('\t').append(line.line()).append('\t');
        field(line.rowId()).append('\t');
        field(line.category()).append('\t');
        field(line.reference()).append('\t');
        field(line.chargeRef()).append('\t').append(line.gross()).append('\t').append(line.fee()).append('\t').append(line.net())
                .append('\t');
        field(line.currency()).append('\t');
        field(line.payoutId()).append('\t');
        Times.appendUtc(buffer, line.created());
        buffer.append('\t');
        if (line.transactionCount() == null) {
            buffer.append("\\N");
        } else {
            buffer.append(line.transactionCount().intValue());
        }
        buffer.append('\n');
        if (buffer.length() >= CHUNK) {
            flush();
        }
    }

    /** Sends what is buffered and ends the COPY; returns the number of lines written. */
    long finish() throws SQLException {
        flush();
        done = true;
        return copy.endCopy();
    }

    private void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    /** A value in COPY's text format: backslash, tab and line breaks escaped, null as \N. */
    private StringBuilder field(@Nullable String value) {
        if (value == null) {
            return buffer.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return buffer;
    }

    @Override
    public void close() throws SQLException {
        if (!done && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
