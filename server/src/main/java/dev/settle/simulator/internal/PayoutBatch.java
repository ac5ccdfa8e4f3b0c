package dev.settle.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The simulator pays a merchant out once a day per currency: every line of the day's report
 * names the payout that settles it ({@code automatic_payout_id}), and the payout's own line moves
 * their net total out. Ids are derived from merchant, day and currency, so a report downloaded
 * twice is the same report.
 */
final class PayoutBatch implements Consumer<ReportLine> {

    private final String merchant;
    private final LocalDate day;
    private final Consumer<ReportLine> next;
    private final Map<String, long[]> byCurrency = new TreeMap<>();

    PayoutBatch(String merchant, LocalDate day, Consumer<ReportLine> next) {
        this.merchant = merchant;
        this.day = day;
        this.next = next;
    }

    @Override
    public void accept(ReportLine line) {
        long[] totals = byCurrency.computeIfAbsent(line.currency(), currency -> new long[2]);
        totals[0] = Math.addExact(totals[0], line.net());
        totals[1]++;
        next.accept(line.withPayout(payoutId(line.currency())));
    }

    /** The payouts' own lines; {@code shortBy} minor units less paid out than the lines add up to. */
    List<Payout> payouts(long shortBy) {
        List<Payout> payouts = new ArrayList<>();
        Instant created = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        for (Map.Entry<String, long[]> entry : byCurrency.entrySet()) {
            String id = payoutId(entry.getKey());
            long amount = entry.getValue()[0] - (payouts.isEmpty() ? shortBy : 0);
            payouts.add(new Payout(new ReportLine("txn_" + id.substring(3), "payout", id, null, -amount, 0, entry.getKey(), created, id),
                    entry.getValue()[1], day.plusDays(2)));
        }
        return payouts;
    }

    record Payout(ReportLine line, long count, LocalDate arrival) {
    }

    private String payoutId(String currency) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((merchant + "|" + day + "|" + currency).getBytes(StandardCharsets.UTF_8));
            return "po_" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
