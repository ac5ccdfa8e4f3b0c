package dev.settle.billing.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.customers.CustomerId;
import dev.settle.customers.Customers;
import dev.settle.events.Events;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** One-off amounts for a customer's next invoice (negative: a credit), and the proration items changes create. */
@RestController
@RequestMapping("/v1/invoiceitems")
@Tag(name = "Invoice items")
class InvoiceItemController {

    /** The largest one-off amount either way, in minor units (twelve digits), as for prices. */
    private static final long MAX_AMOUNT = 999_999_999_999L;

    private final InvoiceItemRepository items;
    private final SubscriptionRepository subscriptions;
    private final Customers customers;
    private final BillingTime time;
    private final Events events;

    InvoiceItemController(InvoiceItemRepository items, SubscriptionRepository subscriptions, Customers customers, BillingTime time,
            Events events) {
        this.items = items;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.time = time;
        this.events = events;
    }

    record NewInvoiceItem(@Nullable String customer, @Nullable Long amount, @Nullable String currency, @Nullable String description,
            @Nullable String subscription, @Nullable Map<String, String> metadata) {
    }

    record InvoiceItemView(String id, String object, boolean livemode, String customer, @Nullable String subscription,
            @Nullable String invoice, long amount, String currency, String description, @Nullable String price,
            @Nullable Long quantity, boolean proration, BillingViews.PeriodView period, Map<String, String> metadata, long date) {

        static InvoiceItemView of(InvoiceItem item) {
            return new InvoiceItemView(item.id(), "invoiceitem", item.livemode(), item.customerId(), item.subscriptionId(),
                    item.invoiceId(), item.amount(), item.currency().code(), item.description(), item.priceId(), item.quantity(),
                    item.proration(), new BillingViews.PeriodView(item.periodStart().getEpochSecond(), item.periodEnd().getEpochSecond()),
                    Metadata.sorted(item.metadata()), item.created().getEpochSecond());
        }
    }

    @PostMapping
    @Transactional
    @Operation(operationId = "createInvoiceItem", summary = "Create an invoice item", description = "customer, amount (minor units; negative for a credit) and currency are required; it goes on the customer's next invoice (its subscription's, if subscription is given).")
    InvoiceItemView create(Tenant tenant, @RequestBody(required = false) @Nullable NewInvoiceItem request) {
        NewInvoiceItem r = request == null ? new NewInvoiceItem(null, null, null, null, null, null) : request;
        if (r.customer() == null) {
            throw InvalidRequestException.missingParam("customer");
        }
        CustomerId customer = customers.require(tenant, r.customer(), "customer");
        if (r.amount() == null) {
            throw InvalidRequestException.missingParam("amount");
        }
        if (Math.abs(r.amount()) > MAX_AMOUNT) {
            throw new InvalidRequestException("amount_too_large", "amount must be within ±" + MAX_AMOUNT + ".", "amount");
        }
        if (r.currency() == null) {
            throw InvalidRequestException.missingParam("currency");
        }
        CurrencyUnit currency = CurrencyUnit.of(r.currency(), "currency");
        String description = r.description() == null || r.description().isEmpty() ? "Invoice item" : r.description();
        if (description.length() > 500) {
            throw InvalidRequestException.invalidParam("description", "description can be at most 500 characters long.");
        }
        if (r.subscription() != null) {
            Subscription sub = subscriptions.find(tenant, r.subscription())
                    .orElseThrow(() -> new ResourceNotFoundException("subscription", r.subscription(), "subscription"));
            if (!sub.customerId().equals(customer.value()) || !sub.currency().equals(currency)) {
                throw InvalidRequestException.invalidParam("subscription", "The subscription must be this customer's, in this currency.");
            }
        }
        Instant now = time.now(tenant, customers.testClock(tenant, customer).orElse(null));
        InvoiceItem item = new InvoiceItem(Ids.newId("ii"), tenant.accountId(), tenant.livemode(), customer.value(), r.subscription(),
                null, currency, r.amount(), description, null, null, false, now, now, Metadata.validate(r.metadata()), now);
        items.insert(item);
        events.record(tenant, "invoiceitem.created", item.id(), InvoiceItemView.of(item), now);
        return InvoiceItemView.of(item);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveInvoiceItem", summary = "Retrieve an invoice item")
    InvoiceItemView retrieve(Tenant tenant, @PathVariable String id) {
        return InvoiceItemView.of(items.find(tenant, id).orElseThrow(() -> new ResourceNotFoundException("invoiceitem", id, "id")));
    }

    @GetMapping
    @Operation(operationId = "listInvoiceItems", summary = "List invoice items", description = "Newest first; optional customer, pending=true for those not yet on an invoice.")
    ListPage<InvoiceItemView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String pending) {
        if (pending != null && !pending.equals("true") && !pending.equals("false")) {
            throw InvalidRequestException.invalidParam("pending", "pending must be true or false.");
        }
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(items.list(tenant, params, customer, "true".equals(pending)), params, "/v1/invoiceitems").map(InvoiceItemView::of);
    }
}
