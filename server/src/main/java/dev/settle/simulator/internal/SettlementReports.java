package dev.settle.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.CurrencyUnit;

/**
 * One merchant's settlement report for one UTC day, in the layout of Stripe's itemized balance
 * transaction report ({@link #ITEMIZED}) or as one line per payout ({@link #PAYOUTS}). Amounts
 * are decimals in major units with the currency's exponent (JPY 0, USD 2, KWD 3). Read with a
 * database cursor and written line by line, never whole in memory; deliberate discrepancies
 * ({@link ReportBreaks}) on request.
 */
final class SettlementReports {

    static final String[] ITEMIZED = {"balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross", "fee", "net",
            "reporting_category", "source_id", "charge_id", "payment_intent_id", "automatic_payout_id", "description"};
    static final String[] PAYOUTS = {"automatic_payout_id", "created_utc", "arrival_date_utc", "currency", "amount",
            "balance_transaction_count", "description"};
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    SettlementReports(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    private static final String LINES = """
            SELECT c.id AS source_id, 'charge' AS category, c.id AS charge_id, c.amount_captured AS gross, c.fee, c.currency,
                   c.created_at
            FROM simulator.charge_merchants m
            JOIN simulator.charges c ON c.id = m.charge_id
            WHERE m.merchant = :merchant
              AND c.amount_captured > 0
              AND c.created_at >= :from
              AND c.created_at < :to
            UNION ALL
            SELECT r.id, 'refund', r.charge_id, -r.amount, 0, r.currency, r.created_at
            FROM simulator.charge_merchants m
            JOIN simulator.refunds r ON r.charge_id = m.charge_id
            WHERE m.merchant = :merchant
              AND r.status = 'succeeded'
              AND r.created_at >= :from
              AND r.created_at < :to
            ORDER BY created_at, source_id
            """;

    void write(String merchant, LocalDate day, boolean payoutsOnly, Set<String> breaks, Writer out) {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(payoutsOnly ? PAYOUTS : ITEMIZED).get())) {
            Consumer<ReportLine> sink = payoutsOnly ? line -> { } : line -> print(csv, line);
            PayoutBatch payouts = new PayoutBatch(merchant, day, sink);
            ReportBreaks broken = new ReportBreaks(breaks, payouts);
            Timestamp from = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
            Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            readOnly.executeWithoutResult(status -> jdbc.sql(LINES)
                    .withFetchSize(FETCH_SIZE)
                    .param("merchant", merchant)
                    .param("from", from)
                    .param("to", to)
                    .query(rs -> {
                        String source = rs.getString("source_id");
                        broken.accept(new ReportLine("txn_" + source.substring(source.indexOf('_') + 1), rs.getString("category"),
                                source, rs.getString("charge_id"), rs.getLong("gross"), rs.getLong("fee"), rs.getString("currency"),
                                rs.getTimestamp("created_at").toInstant(), null));
                    }));
            if (breaks.contains("unknown")) {
                Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
                payouts.accept(new ReportLine("txn_unknown" + day.toString().replace("-", ""), "charge", "sch_unknown" + day.toString()
                        .replace("-", ""), "sch_unknown" + day.toString().replace("-", ""), 1234, 66, "usd", noon, null));
            }
            for (PayoutBatch.Payout payout : payouts.payouts(breaks.contains("payout") ? 1 : 0)) {
                if (payoutsOnly) {
                    ReportLine line = payout.line();
                    csv.printRecord(line.sourceId(), UTC.format(line.created()), payout.arrival().toString(), line.currency(),
                            decimal(-line.gross(), line.currency()), payout.count(), "STRIPE PAYOUT");
                } else {
                    print(csv, payout.line());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(CSVPrinter csv, ReportLine line) {
        Instant available = line.category().equals("payout") ? line.created()
                : line.created().atZone(ZoneOffset.UTC).toLocalDate().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        String description = switch (line.category()) {
            case "charge" -> "Charge " + line.sourceId();
            case "refund" -> "REFUND FOR CHARGE (" + line.chargeId() + ")";
            default -> "STRIPE PAYOUT";
        };
        try {
            csv.printRecord(line.id(), UTC.format(line.created()), UTC.format(available), line.currency(),
                    decimal(line.gross(), line.currency()), decimal(line.fee(), line.currency()), decimal(line.net(), line.currency()),
                    line.category(), line.sourceId(), line.chargeId() == null ? "" : line.chargeId(), "",
                    line.payoutId() == null ? "" : line.payoutId(), description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Minor units as a decimal in major units with the currency's own exponent. */
    static String decimal(long minor, String currency) {
        return BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()).toPlainString();
    }
}
