package dev.settle.payments;

import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** A captured charge, as a refund sees it: what was captured, refunded and is being refunded. */
public record RefundableCharge(Tenant tenant, ChargeId charge, PaymentIntentId paymentIntent, Money captured, Money refunded,
        Money refundPending, Money fee, String processor, String processorReference) {

    /** What a new refund may still take. */
    public Money refundable() {
        return captured.minus(refunded).minus(refundPending);
    }
}
