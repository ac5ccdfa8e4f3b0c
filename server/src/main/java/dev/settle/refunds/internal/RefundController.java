package dev.settle.refunds.internal;

import java.util.Map;

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
@Tag(name = "Refunds")
class RefundController {

    private static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "succeeded", "failed", "canceled");

    private final RefundService refunds;

    RefundController(RefundService refunds) {
        this.refunds = refunds;
    }

    record CreateRefundRequest(@Nullable String paymentIntent, @Nullable String charge, @Nullable Long amount,
            @Nullable String currency, @Nullable String reason, @Nullable Map<String, String> metadata) {
    }

    record UpdateRefundRequest(@Nullable Map<String, String> metadata) {
    }

    @PostMapping("/v1/refunds")
    @Operation(operationId = "createRefund", summary = "Create a refund",
            description = "Refunds a captured payment, named by payment_intent or charge. amount defaults to all that is still refundable; several partial refunds may be made, never more than captured minus refunded.")
    RefundView create(Tenant tenant, @RequestBody CreateRefundRequest request) {
        return RefundView.of(refunds.create(tenant, new RefundService.CreateCommand(request.paymentIntent(), request.charge(),
                request.amount(), request.currency(), request.reason(), request.metadata())));
    }

    @GetMapping("/v1/refunds/{id}")
    @Operation(operationId = "retrieveRefund", summary = "Retrieve a refund")
    RefundView retrieve(Tenant tenant, @PathVariable String id) {
        return RefundView.of(refunds.retrieve(tenant, id));
    }

    @PostMapping("/v1/refunds/{id}")
    @Operation(operationId = "updateRefund", summary = "Update a refund's metadata")
    RefundView update(Tenant tenant, @PathVariable String id, @RequestBody UpdateRefundRequest request) {
        return RefundView.of(refunds.updateMetadata(tenant, id, request.metadata()));
    }

    @PostMapping("/v1/refunds/{id}/cancel")
    @Operation(operationId = "cancelRefund", summary = "Cancel a pending refund",
            description = "Possible while the processor has not settled the refund; the reserved amount is released.")
    RefundView cancel(Tenant tenant, @PathVariable String id) {
        return RefundView.of(refunds.cancel(tenant, id));
    }

    @GetMapping("/v1/refunds")
    @Operation(operationId = "listRefunds", summary = "List refunds",
            description = "Newest first; filter by payment_intent, charge, status, created[gte] / created[lt] (Unix seconds).")
    ListPage<RefundView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(name = "payment_intent", required = false) @Nullable String paymentIntent,
            @RequestParam(required = false) @Nullable String charge,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "created[gte]", required = false) @Nullable String createdGte,
            @RequestParam(name = "created[lt]", required = false) @Nullable String createdLt) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequestException.invalidParam("status", "status must be pending, succeeded, failed or canceled.");
        }
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return refunds.list(tenant, params, new RefundRepository.Filter(paymentIntent, charge, status,
                UnixTime.parse("created[gte]", createdGte), UnixTime.parse("created[lt]", createdLt))).map(RefundView::of);
    }

}
