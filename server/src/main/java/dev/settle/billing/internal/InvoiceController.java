package dev.settle.billing.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/invoices")
@Tag(name = "Invoices")
class InvoiceController {

    private static final java.util.Set<String> STATUSES = java.util.Set.of("draft", "open", "paid", "void", "uncollectible");

    private final InvoiceService invoices;
    private final UpcomingInvoice upcoming;

    InvoiceController(InvoiceService invoices, UpcomingInvoice upcoming) {
        this.invoices = invoices;
        this.upcoming = upcoming;
    }

    record PayRequest(@Nullable Boolean paidOutOfBand) {
    }

    record Empty() {
    }

    @PostMapping
    @Operation(operationId = "createInvoice", summary = "Invoice a customer's pending items", description = "A draft invoice not tied to a subscription (billing_reason manual) of the customer's pending invoice items that name no subscription: customer is required; currency when those items are in several currencies; collection_method charge_automatically (default) or send_invoice with days_until_due (due that many days after it is made); auto_advance (default true) finalizes it after the auto-finalize delay; metadata. 400 invoice_no_customer_line_items when there is nothing to invoice.")
    BillingViews.InvoiceView create(Tenant tenant, @RequestBody(required = false) InvoiceService.@Nullable NewInvoice body) {
        return BillingViews.invoice(invoices.create(tenant, body == null ? new InvoiceService.NewInvoice(null, null, null, null, null, null) : body));
    }

    @GetMapping("/upcoming")
    @Operation(operationId = "upcomingInvoice", summary = "Preview a subscription's next invoice", description = "Writes nothing. subscription is required; subscription_items[i][price] / [quantity] and subscription_proration_date preview the prorations of a change of items (the same figures an update with that proration_date creates).")
    BillingViews.InvoiceView upcoming(Tenant tenant, @RequestParam java.util.Map<String, String> query) {
        java.util.Map<String, String> params = new java.util.HashMap<>(query);
        return BillingViews.invoice(upcoming.preview(tenant, params));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveInvoice", summary = "Retrieve an invoice")
    BillingViews.InvoiceView retrieve(Tenant tenant, @PathVariable String id) {
        return BillingViews.invoice(invoices.retrieve(tenant, id));
    }

    @GetMapping
    @Operation(operationId = "listInvoices", summary = "List invoices", description = "Newest first; optional customer, subscription, status.")
    ListPage<BillingViews.InvoiceView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String subscription,
            @RequestParam(required = false) @Nullable String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequestException.invalidParam("status", "status must be draft, open, paid, void or uncollectible.");
        }
        return invoices.list(tenant, ListParams.parse(limit, startingAfter, endingBefore),
                new InvoiceRepository.Filter(customer, subscription, status)).map(BillingViews::invoice);
    }

    @PostMapping("/{id}/finalize")
    @Operation(operationId = "finalizeInvoice", summary = "Finalize a draft invoice", description = "draft → open: numbered, the customer's credit balance applied.")
    BillingViews.InvoiceView finalizeInvoice(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable Empty body) {
        return BillingViews.invoice(invoices.finalizeNow(tenant, id));
    }

    @PostMapping("/{id}/pay")
    @Operation(operationId = "payInvoice", summary = "Pay an open invoice", description = "Charges the customer's default payment method now, or with paid_out_of_band: true records a payment made elsewhere.")
    BillingViews.InvoiceView pay(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable PayRequest body) {
        return BillingViews.invoice(invoices.pay(tenant, id, body != null && Boolean.TRUE.equals(body.paidOutOfBand())));
    }

    @PostMapping("/{id}/void")
    @Operation(operationId = "voidInvoice", summary = "Void an open invoice")
    BillingViews.InvoiceView voidInvoice(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable Empty body) {
        return BillingViews.invoice(invoices.voidInvoice(tenant, id));
    }

    @PostMapping("/{id}/mark_uncollectible")
    @Operation(operationId = "markInvoiceUncollectible", summary = "Mark an open invoice uncollectible")
    BillingViews.InvoiceView markUncollectible(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable Empty body) {
        return BillingViews.invoice(invoices.markUncollectible(tenant, id));
    }
}
