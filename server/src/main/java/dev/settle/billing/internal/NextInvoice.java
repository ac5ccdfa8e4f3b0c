package dev.settle.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.settle.catalog.Catalog;
import dev.settle.catalog.CatalogPrice;
import dev.settle.shared.Ids;

/** A subscription's period lines, and the preview of its next invoice (GET /v1/invoices/upcoming, invoice.upcoming). */
@Component
class NextInvoice {

    private final Catalog catalog;
    private final InvoiceItemRepository items;
    private final InvoiceBooks books;

    NextInvoice(Catalog catalog, InvoiceItemRepository items, InvoiceBooks books) {
        this.catalog = catalog;
        this.items = items;
        this.books = books;
    }

    /** One line per item for the period [start, end): the price's amount for the item's quantity. */
    List<Invoice.Line> periodLines(Subscription sub, Instant start, Instant end) {
        return periodLines(sub, start, end, new HashMap<>());
    }

    /** As {@link #periodLines(Subscription, Instant, Instant)}, reading each price once per {@code prices} (a batch's). */
    List<Invoice.Line> periodLines(Subscription sub, Instant start, Instant end, Map<String, CatalogPrice> prices) {
        List<Invoice.Line> lines = new ArrayList<>();
        for (Subscription.Item item : sub.items()) {
            CatalogPrice price = prices.computeIfAbsent(sub.accountId() + sub.livemode() + item.priceId(),
                    k -> catalog.price(sub.tenant(), item.priceId(), "price"));
            lines.add(new Invoice.Line(Ids.newId("il"), "subscription", item.quantity() + " × " + price.productId(),
                    price.amountFor(item.quantity()).minor(), price.id(), item.quantity(), false, start, end));
        }
        return lines;
    }

    /**
     * The next invoice of {@code sub}, billed as {@code next} (its items, or proposed ones), with
     * {@code extra} lines first (a proposed change's prorations), its pending items, and the
     * customer's balance applied as finalizing would. Writes nothing.
     */
    Invoice preview(Subscription sub, Subscription next, List<Invoice.Line> extra, Instant now) {
        List<Invoice.Line> lines = new ArrayList<>(items.pending(List.of(sub.id()), List.of(sub.customerId())).stream()
                .filter(i -> i.subscriptionId() != null || i.currency().equals(sub.currency())).map(InvoiceItem::line).toList());
        lines.addAll(extra);
        long index = sub.periodIndex() + 1;
        Instant start = sub.periodEnd();
        Instant end = sub.periodEndOf(index);
        lines.addAll(periodLines(next, start, end));
        Invoice draft = Invoice.draft(null, next, "subscription_cycle", start, end, lines, null, now);
        long balance = books.balance(sub.customerId(), sub.currency());
        long x = Math.addExact(draft.total(), balance);
        return new Invoice(null, draft.accountId(), draft.livemode(), draft.customerId(), draft.subscriptionId(), draft.testClockId(), null,
                "draft", "upcoming", draft.collectionMethod(), draft.currency(), start, end, draft.subtotal(), draft.total(), balance,
                Math.min(0, x), Math.max(0, x), 0, Math.max(0, x), 0, null, null, null, null, null, null, null, null, Map.of(), start,
                draft.lines());
    }
}
