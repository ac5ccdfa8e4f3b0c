package dev.settle.payments.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Charges")
class ChargeController {

    private final ChargeRepository charges;
    private final PaymentViews views;

    ChargeController(ChargeRepository charges, PaymentViews views) {
        this.charges = charges;
        this.views = views;
    }

    @GetMapping("/v1/charges/{id}")
    @Operation(operationId = "retrieveCharge", summary = "Retrieve a charge", description = "A charge is one attempt to pay a payment intent.")
    PaymentViews.ChargeView retrieve(Tenant tenant, @PathVariable String id) {
        return charges.find(tenant, id).map(views::charge)
                .orElseThrow(() -> new ResourceNotFoundException("charge", id, "id"));
    }

    @GetMapping("/v1/charges")
    @Operation(operationId = "listCharges", summary = "List charges", description = "Newest first; filter by payment_intent.")
    ListPage<PaymentViews.ChargeView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(name = "payment_intent", required = false) @Nullable String paymentIntent) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(charges.list(tenant, params, paymentIntent), params, "/v1/charges").map(views::charge);
    }
}
