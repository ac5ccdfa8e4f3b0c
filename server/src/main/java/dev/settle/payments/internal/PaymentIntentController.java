package dev.settle.payments.internal;

import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.UnixTime;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Payment intents")
class PaymentIntentController {

    private static final java.util.Set<String> STATUSES = java.util.Arrays.stream(PaymentIntentStatus.values())
            .map(PaymentIntentStatus::code).collect(java.util.stream.Collectors.toSet());

    private final PaymentIntentService intents;
    private final PaymentViews views;

    PaymentIntentController(PaymentIntentService intents, PaymentViews views) {
        this.intents = intents;
        this.views = views;
    }

    record CreatePaymentIntentRequest(@Nullable Long amount, @Nullable String currency, @Nullable String customer,
            @Nullable String paymentMethod, @Nullable String captureMethod, @Nullable Boolean confirm,
            @Nullable String description, @Nullable Map<String, String> metadata, @Nullable String returnUrl) {
    }

    record ConfirmPaymentIntentRequest(@Nullable String paymentMethod) {
    }

    record CapturePaymentIntentRequest(@Nullable Long amountToCapture) {
    }

    record CancelPaymentIntentRequest(@Nullable String cancellationReason) {
    }

    @PostMapping("/v1/payment_intents")
    @Operation(operationId = "createPaymentIntent", summary = "Create a payment intent",
            description = "amount in minor units of currency; confirm: true confirms at once. A declined attempt returns the intent in requires_payment_method with last_payment_error.")
    PaymentViews.PaymentIntentView create(Tenant tenant, @RequestBody CreatePaymentIntentRequest request) {
        return views.intent(intents.create(tenant, new PaymentIntentService.CreateCommand(request.amount(), request.currency(),
                request.customer(), request.paymentMethod(), request.captureMethod(), Boolean.TRUE.equals(request.confirm()),
                request.description(), request.metadata(), request.returnUrl())));
    }

    @GetMapping("/v1/payment_intents/{id}")
    @Operation(operationId = "retrievePaymentIntent", summary = "Retrieve a payment intent")
    PaymentViews.PaymentIntentView retrieve(Tenant tenant, @PathVariable String id) {
        return views.intent(intents.retrieve(tenant, id));
    }

    @PostMapping("/v1/payment_intents/{id}/confirm")
    @Operation(operationId = "confirmPaymentIntent", summary = "Confirm a payment intent",
            description = "Attempts the payment with payment_method (or the one set, or the customer's default).")
    PaymentViews.PaymentIntentView confirm(Tenant tenant, @PathVariable String id,
            @RequestBody(required = false) @Nullable ConfirmPaymentIntentRequest request) {
        return views.intent(intents.confirm(tenant, id, request == null ? null : request.paymentMethod()));
    }

    @PostMapping("/v1/payment_intents/{id}/capture")
    @Operation(operationId = "capturePaymentIntent", summary = "Capture a payment intent",
            description = "Captures amount_to_capture (default: all that is capturable); the rest of the authorization is released.")
    PaymentViews.PaymentIntentView capture(Tenant tenant, @PathVariable String id,
            @RequestBody(required = false) @Nullable CapturePaymentIntentRequest request) {
        return views.intent(intents.capture(tenant, id, request == null ? null : request.amountToCapture()));
    }

    @PostMapping("/v1/payment_intents/{id}/cancel")
    @Operation(operationId = "cancelPaymentIntent", summary = "Cancel a payment intent",
            description = "Possible before success and while not processing; a held authorization is voided.")
    PaymentViews.PaymentIntentView cancel(Tenant tenant, @PathVariable String id,
            @RequestBody(required = false) @Nullable CancelPaymentIntentRequest request) {
        return views.intent(intents.cancel(tenant, id, request == null ? null : request.cancellationReason()));
    }

    private static final Pattern LAST4 = Pattern.compile("^[0-9]{4}$");

    private static @Nullable Long minorUnits(String param, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidRequestException.invalidParam(param, param + " must be a whole number of minor units, 0 or more.");
    }

    @GetMapping("/v1/payment_intents")
    @Operation(operationId = "listPaymentIntents", summary = "List payment intents",
            description = "Newest first; filter by customer, status, created[gte] / created[lt] (Unix seconds), amount[gte] /"
                    + " amount[lte] (minor units) and last4 (the card's last four digits).")
    ListPage<PaymentViews.PaymentIntentView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "created[gte]", required = false) @Nullable String createdGte,
            @RequestParam(name = "created[lt]", required = false) @Nullable String createdLt,
            @RequestParam(name = "amount[gte]", required = false) @Nullable String amountGte,
            @RequestParam(name = "amount[lte]", required = false) @Nullable String amountLte,
            @RequestParam(required = false) @Nullable String last4) {
        if (last4 != null && !LAST4.matcher(last4).matches()) {
            throw InvalidRequestException.invalidParam("last4", "last4 is the card's last four digits.");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequestException.invalidParam("status", "Unknown status '" + status + "'.");
        }
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        PaymentIntentRepository.Filter filter = new PaymentIntentRepository.Filter(customer, status,
                UnixTime.parse("created[gte]", createdGte), UnixTime.parse("created[lt]", createdLt),
                minorUnits("amount[gte]", amountGte), minorUnits("amount[lte]", amountLte), last4);
        return intents.list(tenant, params, filter).map(views::intent);
    }

}
