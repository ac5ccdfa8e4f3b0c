package dev.settle.payments;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.internal.ActivityRepository;
import dev.settle.payments.internal.ChargeRefunds;
import dev.settle.payments.internal.PaymentIntentService;
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
    private final PaymentIntentService intents;
    private final dev.settle.payments.internal.PaymentMethodService methods;

    Payments(ProcessorEvents processorEvents, ChargeRefunds refunds, ActivityRepository activity, PaymentIntentService intents,
            dev.settle.payments.internal.PaymentMethodService methods) {
        this.processorEvents = processorEvents;
        this.refunds = refunds;
        this.activity = activity;
        this.intents = intents;
        this.methods = methods;
    }

    /** Whether the customer has a default payment method (what an off-session charge would use). */
    public boolean hasDefaultPaymentMethod(Tenant tenant, String customer) {
        return methods.hasDefault(tenant, customer);
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
     * Charges the customer's default payment method off session: creates and confirms one payment
     * intent named by {@code key}, whose id is derived from the key, so the same key never makes a
     * second intent (nor a second charge) however often or concurrently it is called: a repeat
     * answers with that intent as it now stands. A customer without a default payment method is a
     * failed payment ({@code payment_method_missing}), not an error. Call with no transaction open.
     * A charge made for a test clock's customer passes the clock's time as {@code clockTime}: the
     * intent's {@code created} and its events carry it, never the wall clock (null: the wall clock).
     */
    public OffSessionPayment chargeOffSession(Tenant tenant, String customer, Money amount, String description,
            Map<String, String> metadata, String key, java.time.@Nullable Instant clockTime) {
        // Off session: not the work of the HTTP request that may be running (a subscription's
        // creation, say), whose Idempotency-Key must neither be bound to this intent nor answered with it.
        org.springframework.web.context.request.RequestAttributes request =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        try {
            return intents.offSession(tenant, customer, amount, description, metadata, key, clockTime);
        } finally {
            org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(request);
        }
    }

    /** Where the off-session payment made with {@code key} stands, if one was made. */
    public java.util.Optional<OffSessionPayment> offSessionPayment(Tenant tenant, String key) {
        return intents.offSessionState(tenant, key);
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
