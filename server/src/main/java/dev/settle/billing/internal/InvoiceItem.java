package dev.settle.billing.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;

/** A one-off or proration amount waiting for the customer's next invoice ({@code invoice} null until then). */
record InvoiceItem(String id, String accountId, boolean livemode, String customerId, @Nullable String subscriptionId,
        @Nullable String invoiceId, CurrencyUnit currency, long amount, String description, @Nullable String priceId,
        @Nullable Long quantity, boolean proration, Instant periodStart, Instant periodEnd, Map<String, String> metadata,
        Instant created) {

    Invoice.Line line() {
        return new Invoice.Line(Ids.newId("il"), "invoiceitem", description, amount, priceId, quantity, proration, periodStart, periodEnd);
    }
}
