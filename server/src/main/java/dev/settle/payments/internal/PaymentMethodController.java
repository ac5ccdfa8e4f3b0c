package dev.settle.payments.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Payment methods")
class PaymentMethodController {

    private final PaymentMethodService methods;

    PaymentMethodController(PaymentMethodService methods) {
        this.methods = methods;
    }

    record CreatePaymentMethodRequest(@Nullable String type, PaymentMethodService.@Nullable CardInput card,
            @Nullable Map<String, String> metadata) {
    }

    record AttachPaymentMethodRequest(@Nullable String customer, @Nullable Boolean defaultForCustomer) {
    }

    @PostMapping("/v1/payment_methods")
    @Operation(operationId = "createPaymentMethod", summary = "Create a payment method",
            description = "Test mode: card[number], card[exp_month], card[exp_year], card[cvc] are tokenized by the processor and never stored. Live mode: only card[token], a processor token.")
    PaymentViews.PaymentMethodView create(Tenant tenant, @RequestBody CreatePaymentMethodRequest request) {
        return PaymentViews.method(methods.create(tenant, request.type(), request.card(), request.metadata()));
    }

    @GetMapping("/v1/payment_methods/{id}")
    @Operation(operationId = "retrievePaymentMethod", summary = "Retrieve a payment method")
    PaymentViews.PaymentMethodView retrieve(Tenant tenant, @PathVariable String id) {
        return PaymentViews.method(methods.retrieve(tenant, id));
    }

    @PostMapping("/v1/payment_methods/{id}/attach")
    @Operation(operationId = "attachPaymentMethod", summary = "Attach a payment method to a customer",
            description = "default_for_customer: true makes it the method used when a payment intent of this customer is confirmed without one.")
    PaymentViews.PaymentMethodView attach(Tenant tenant, @PathVariable String id, @RequestBody AttachPaymentMethodRequest request) {
        return PaymentViews.method(methods.attach(tenant, id, request.customer(), Boolean.TRUE.equals(request.defaultForCustomer())));
    }

    @PostMapping("/v1/payment_methods/{id}/detach")
    @Operation(operationId = "detachPaymentMethod", summary = "Detach a payment method from its customer")
    PaymentViews.PaymentMethodView detach(Tenant tenant, @PathVariable String id) {
        return PaymentViews.method(methods.detach(tenant, id));
    }

    @GetMapping("/v1/customers/{customer}/payment_methods")
    @Operation(operationId = "listCustomerPaymentMethods", summary = "List a customer's payment methods")
    ListPage<PaymentViews.PaymentMethodView> list(Tenant tenant, @PathVariable String customer,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        return methods.listForCustomer(tenant, customer, ListParams.parse(limit, startingAfter, endingBefore))
                .map(PaymentViews::method);
    }
}
