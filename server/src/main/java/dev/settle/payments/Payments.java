package dev.settle.payments;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.internal.ActivityRepository;
import dev.settle.payments.internal.ChargeRefunds;
import dev.settle.payments.internal.ProcessorEvents;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** What other modules may ask of payments. */
@Service
public class Payments {

    private final ProcessorEvents processorEvents;
    private final ChargeRefunds refunds;
    private final ActivityRepository activity;

    Payments(ProcessorEvents processorEvents, ChargeRefunds refunds, ActivityRepository activity) {
        this.processorEvents = processorEvents;
        this.refunds = refunds;
        this.activity = activity;
    }

    /** Charge attempts per UTC day and currency since {@code since} (the dashboard's home chart). */
    public List<PaymentActivity> dailyActivity(Tenant tenant, Instant since) {
        return activity.daily(tenant, since);
    }

    /** The newest failed charge attempts since {@code since}, at most {@code limit}. */
    public List<RecentFailure> recentFailures(Tenant tenant, Instant since, int limit) {
        return activity.recentFailures(tenant, since, limit);
    }

    /**
     * The captured charge a refund would draw on, named by payment intent or by charge: 404 for
     * what the tenant does not own, 409 for a payment that was not captured, failed or canceled.
     */
    public RefundableCharge refundableCharge(Tenant tenant, @Nullable String paymentIntent, @Nullable String charge) {
        return refunds.find(tenant, paymentIntent, charge);
    }

    /**
     * Reserves {@code amount} of the charge for a refund, only if captured − refunded − pending
     * still covers it. Must run in the transaction that records the refund.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean reserveRefund(ChargeId charge, String refundId, Money amount) {
        return refunds.reserve(charge, refundId, amount);
    }

    /**
     * Settles a refund's reservation once: {@code succeeded} counts it as refunded (and records
     * {@code charge.refunded}); {@code failed} or {@code canceled} releases it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settleRefund(ChargeId charge, String refundId, Money amount, String outcome) {
        refunds.settle(charge, refundId, amount, outcome);
    }

    /** The connector for an inbound webhook path ({@code /v1/inbound/{name}}), if there is one. */
    public java.util.Optional<ProcessorConnector> connector(String name) {
        return processorEvents.connector(name);
    }

    /**
     * Acts on a verified processor event: asks the processor for the object's current state and
     * applies it, forward only. Joins the caller's transaction, so the caller can record the
     * event as handled atomically with its effect.
     *
     * @return false when the event concerns nothing Settle knows (yet)
     */
    @Transactional
    public boolean handle(String processor, ProcessorEvent event) {
        return processorEvents.handle(processor, event);
    }
}
