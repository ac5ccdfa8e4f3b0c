package dev.settle.billing.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
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
@RequestMapping("/v1/subscriptions")
@Tag(name = "Subscriptions")
class SubscriptionController {

    private static final java.util.Set<String> STATUSES = java.util.Set.of("incomplete", "incomplete_expired", "trialing", "active",
            "past_due", "unpaid", "canceled", "paused");

    private final SubscriptionService subscriptions;
    private final SubscriptionChanges changes;

    SubscriptionController(SubscriptionService subscriptions, SubscriptionChanges changes) {
        this.subscriptions = subscriptions;
        this.changes = changes;
    }

    @PostMapping
    @Operation(operationId = "createSubscription", summary = "Create a subscription", description = "customer and items [{price, quantity}] are required: recurring prices of one currency and one interval. trial_end or trial_period_days; collection_method charge_automatically (the customer's default payment method, charged at once) or send_invoice with days_until_due.")
    BillingViews.SubscriptionView create(Tenant tenant, @RequestBody(required = false) SubscriptionService.@Nullable NewSubscription request) {
        SubscriptionService.NewSubscription body = request == null
                ? new SubscriptionService.NewSubscription(null, null, null, null, null, null, null, null, null) : request;
        return BillingViews.subscription(subscriptions.create(tenant, body));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveSubscription", summary = "Retrieve a subscription")
    BillingViews.SubscriptionView retrieve(Tenant tenant, @PathVariable String id) {
        return BillingViews.subscription(subscriptions.retrieve(tenant, id));
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updateSubscription", summary = "Update a subscription", description = "cancel_at_period_end, cancel_at, pause_collection {behavior} (\"\" resumes), metadata.")
    BillingViews.SubscriptionView update(Tenant tenant, @PathVariable String id, @RequestBody SubscriptionChanges.Update request) {
        return BillingViews.subscription(changes.update(tenant, id, request));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "cancelSubscription", summary = "Cancel a subscription now")
    BillingViews.SubscriptionView cancel(Tenant tenant, @PathVariable String id) {
        return BillingViews.subscription(changes.cancel(tenant, id));
    }

    @GetMapping
    @Operation(operationId = "listSubscriptions", summary = "List subscriptions", description = "Newest first; optional customer and status.")
    ListPage<BillingViews.SubscriptionView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequestException.invalidParam("status", "Unknown status: " + status + ".");
        }
        return subscriptions.list(tenant, ListParams.parse(limit, startingAfter, endingBefore),
                new SubscriptionRepository.Filter(customer, status)).map(BillingViews::subscription);
    }
}
