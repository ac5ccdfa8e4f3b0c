package dev.settle.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settlement report of one UTC day as CSV, shaped like a processor's balance transactions:
 * {@code id} is the report line's own id ({@code stx_…}, stable across downloads),
 * {@code reference} the charge or refund it settles. Captured charges count their captured
 * amount less the fee; succeeded refunds count negative with no fee. Read with a database
 * cursor and written row by row, never whole in memory.
 */
final class Settlements {

    static final String HEADER = "id,type,reference,amount,fee,net,currency,created\n";
    private static final int FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    Settlements(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    private static final String ROWS = """
            SELECT id, 'charge' AS type, amount_captured AS amount, fee, currency, created_at
            FROM simulator.charges
            WHERE amount_captured > 0
              AND created_at >= :from
              AND created_at < :to
            UNION ALL
            SELECT id, 'refund' AS type, -amount AS amount, 0 AS fee, currency, created_at
            FROM simulator.refunds
            WHERE status = 'succeeded'
              AND created_at >= :from
              AND created_at < :to
            ORDER BY created_at, id
            """;

    void write(LocalDate day, Writer out) {
        Timestamp from = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        try {
            out.write(HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readOnly.executeWithoutResult(status -> jdbc.sql(ROWS)
                .withFetchSize(FETCH_SIZE)
                .param("from", from)
                .param("to", to)
                .query(rs -> {
                    String reference = rs.getString("id");
                    long amount = rs.getLong("amount");
                    long fee = rs.getLong("fee");
                    String line = String.join(",",
                            "stx_" + reference.substring(reference.indexOf('_') + 1),
                            rs.getString("type"),
                            reference,
                            Long.toString(amount),
                            Long.toString(fee),
                            Long.toString(amount - fee),
                            rs.getString("currency"),
                            Long.toString(rs.getTimestamp("created_at").toInstant().getEpochSecond()));
                    try {
                        out.write(line);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
    }
}
