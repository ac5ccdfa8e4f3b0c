package dev.settle.billing.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.settle.catalog.CatalogPrice;
import dev.settle.shared.Ids;

/**
 * The proration items of an item change at {@code at}: for each price whose amount changes, the
 * unused time of the old amount credited and the remaining time of the new one charged
 * ({@link Proration}), over what is left of the current period.
 */
final class ProrationItems {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ProrationItems() {
    }

    record Priced(CatalogPrice price, long quantity) {
    }

    static List<InvoiceItem> of(Subscription sub, List<Priced> before, List<Priced> after, Instant at, Instant now) {
        Map<String, Priced> old = new LinkedHashMap<>();
        before.forEach(p -> old.put(p.price().id(), p));
        Map<String, Priced> next = new LinkedHashMap<>();
        after.forEach(p -> next.put(p.price().id(), p));
        List<InvoiceItem> items = new ArrayList<>();
        for (Priced was : before) {
            Priced is = next.get(was.price().id());
            if (is == null || is.quantity() != was.quantity()) {
                long credit = Proration.remaining(was.price().amountFor(was.quantity()).minor(), sub.periodStart(), sub.periodEnd(), at);
                items.add(item(sub, was, Math.negateExact(credit), "Unused time on " + was.quantity() + " × " + was.price().productId()
                        + " after " + DAY.format(at), at, now));
            }
        }
        for (Priced is : after) {
            Priced was = old.get(is.price().id());
            if (was == null || was.quantity() != is.quantity()) {
                long charge = Proration.remaining(is.price().amountFor(is.quantity()).minor(), sub.periodStart(), sub.periodEnd(), at);
                items.add(item(sub, is, charge, "Remaining time on " + is.quantity() + " × " + is.price().productId()
                        + " after " + DAY.format(at), at, now));
            }
        }
        return items;
    }

    private static InvoiceItem item(Subscription sub, Priced priced, long amount, String description, Instant at, Instant now) {
        return new InvoiceItem(Ids.newId("ii"), sub.accountId(), sub.livemode(), sub.customerId(), sub.id(), null, sub.currency(), amount,
                description, priced.price().id(), priced.quantity(), true, at, sub.periodEnd(), Map.of(), now);
    }
}
