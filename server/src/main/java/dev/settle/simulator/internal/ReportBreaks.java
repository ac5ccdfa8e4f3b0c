package dev.settle.simulator.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.settle.shared.InvalidRequestException;

/**
 * Deliberate discrepancies in a report, for demos and tests. Each requested break is applied to
 * the next charge line in report order, in this order: {@code missing} (the line is left out),
 * {@code amount} (gross 1.00 more in major units of a two-decimal currency, i.e. +100 minor),
 * {@code currency} (reported in another currency), {@code duplicate} (the line twice, the second
 * with its own balance transaction id), {@code fee} (fee +10 minor); {@code unknown} adds a charge
 * line the merchant never made, and {@code payout} makes the payout 1 minor unit short of its lines.
 */
final class ReportBreaks implements Consumer<ReportLine> {

    static final List<String> ON_LINES = List.of("missing", "amount", "currency", "duplicate", "fee");
    static final Set<String> ALL = Set.of("missing", "amount", "currency", "duplicate", "fee", "unknown", "payout");

    private final Deque<String> pending = new ArrayDeque<>();
    private final Consumer<ReportLine> next;

    ReportBreaks(Set<String> breaks, Consumer<ReportLine> next) {
        for (String name : breaks) {
            if (!ALL.contains(name)) {
                throw InvalidRequestException.invalidParam("breaks", "Unknown break '" + name + "'; breaks are " + ALL.stream().sorted().toList() + ".");
            }
        }
        ON_LINES.stream().filter(breaks::contains).forEach(pending::add);
        this.next = next;
    }

    static void requireKnown(Set<String> breaks) {
        new ReportBreaks(breaks, line -> { });
    }

    @Override
    public void accept(ReportLine line) {
        if (!line.category().equals("charge") || pending.isEmpty()) {
            next.accept(line);
            return;
        }
        switch (pending.removeFirst()) {
            case "missing" -> { }
            case "amount" -> next.accept(new ReportLine(line.id(), line.category(), line.sourceId(), line.chargeId(), line.gross() + 100,
                    line.fee(), line.currency(), line.created(), line.payoutId()));
            case "currency" -> next.accept(new ReportLine(line.id(), line.category(), line.sourceId(), line.chargeId(), line.gross(),
                    line.fee(), line.currency().equals("eur") ? "usd" : "eur", line.created(), line.payoutId()));
            case "duplicate" -> {
                next.accept(line);
                next.accept(new ReportLine(line.id() + "dup", line.category(), line.sourceId(), line.chargeId(), line.gross(), line.fee(),
                        line.currency(), line.created(), line.payoutId()));
            }
            case "fee" -> next.accept(new ReportLine(line.id(), line.category(), line.sourceId(), line.chargeId(), line.gross(),
                    line.fee() + 10, line.currency(), line.created(), line.payoutId()));
            default -> throw new IllegalStateException();
        }
    }
}
