package dev.settle.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.catalog.Catalog;
import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.Tenant;

/**
 * The preview of a subscription's next invoice, writing nothing: its pending items, the next
 * period's lines, and, for a proposed change of items, the prorations that change would create
 * (the same figures an update with the same {@code proration_date} then creates).
 */
@Service
class UpcomingInvoice {

    private final SubscriptionRepository subscriptions;
    private final NextInvoice nextInvoice;
    private final SubscriptionChanges changes;
    private final Catalog catalog;
    private final BillingTime time;

    UpcomingInvoice(SubscriptionRepository subscriptions, NextInvoice nextInvoice, SubscriptionChanges changes, Catalog catalog,
            BillingTime time) {
        this.subscriptions = subscriptions;
        this.nextInvoice = nextInvoice;
        this.changes = changes;
        this.catalog = catalog;
        this.time = time;
    }

    /**
     * @param query {@code subscription}, optional {@code subscription_proration_date} and
     *              {@code subscription_items[i][price]} / {@code subscription_items[i][quantity]}
     */
    Invoice preview(Tenant tenant, Map<String, String> query) {
        for (String param : query.keySet()) {
            if (!param.equals("subscription") && !param.equals("subscription_proration_date")
                    && !param.matches("subscription_items\\[\\d{1,2}]\\[(price|quantity)]")) {
                throw new InvalidRequestException("parameter_unknown", "Received unknown parameter: " + param + ".", param);
            }
        }
        String id = query.get("subscription");
        if (id == null) {
            throw InvalidRequestException.missingParam("subscription");
        }
        Subscription sub = subscriptions.find(tenant, id)
                .orElseThrow(() -> new dev.settle.shared.ResourceNotFoundException("subscription", id, "subscription"));
        if (sub.ended()) {
            throw new dev.settle.shared.InvalidStateTransition("subscription", "preview the next invoice of", id, sub.status());
        }
        Instant now = time.now(tenant, sub.testClockId());
        List<Invoice.Line> lines = new ArrayList<>();
        Subscription next = sub;
        List<SubscriptionRules.ItemInput> proposed = proposedItems(query);
        if (!proposed.isEmpty()) {
            List<SubscriptionRules.PricedItem> priced = SubscriptionRules.items(tenant, catalog, proposed,
                    sub.items().stream().map(Subscription.Item::priceId).collect(java.util.stream.Collectors.toSet()));
            Instant at = SubscriptionChanges.prorationDate(parseLong("subscription_proration_date", query.get("subscription_proration_date")),
                    sub, now);
            if (!sub.status().equals("trialing")) {
                ProrationItems.of(sub, changes.priced(tenant, sub), priced.stream()
                        .map(p -> new ProrationItems.Priced(p.price(), p.quantity())).toList(), at, now)
                        .forEach(item -> lines.add(item.line()));
            }
            next = sub.withItems(priced.stream().map(p -> new Subscription.Item("si_preview", p.price().id(), p.quantity())).toList(),
                    sub.metadata());
        }
        return nextInvoice.preview(sub, next, lines, now);
    }

    private static List<SubscriptionRules.ItemInput> proposedItems(Map<String, String> query) {
        Map<Integer, String[]> byIndex = new TreeMap<>();
        query.forEach((param, value) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("subscription_items\\[(\\d+)]\\[(price|quantity)]").matcher(param);
            if (m.matches()) {
                String[] item = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                item[m.group(2).equals("price") ? 0 : 1] = value;
            }
        });
        List<SubscriptionRules.ItemInput> items = new ArrayList<>();
        byIndex.forEach((index, item) -> items.add(new SubscriptionRules.ItemInput(item[0],
                parseLong("subscription_items[" + index + "][quantity]", item[1]))));
        return items;
    }

    private static @Nullable Long parseLong(String param, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.invalidParam(param, param + " must be an integer.");
        }
    }
}
