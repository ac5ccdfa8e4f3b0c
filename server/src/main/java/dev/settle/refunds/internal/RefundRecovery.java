package dev.settle.refunds.internal;

import org.springframework.stereotype.Component;

import dev.settle.idempotency.RecoverableResource;
import dev.settle.tenancy.Tenant;

/** The answer to a retried refund request whose first run died after reserving the refund. */
@Component
class RefundRecovery implements RecoverableResource {

    private final RefundService refunds;

    RefundRecovery(RefundService refunds) {
        this.refunds = refunds;
    }

    @Override
    public String type() {
        return RefundService.RESOURCE;
    }

    @Override
    public Object current(Tenant tenant, String id) {
        return RefundView.of(refunds.retrieve(tenant, id));
    }
}
