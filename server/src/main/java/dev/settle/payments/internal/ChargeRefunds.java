package dev.settle.payments.internal;

import java.sql.Timestamp;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.events.Events;
import dev.settle.payments.ChargeId;
import dev.settle.payments.PaymentIntentId;
import dev.settle.payments.RefundableCharge;
import dev.settle.shared.ConflictException;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Money;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * The charge's side of refunds. A refund first reserves its amount on the charge with one
 * conditional update, which succeeds only while captured − refunded − pending still covers it,
 * so concurrent refunds can never together exceed the capture; a check constraint holds the same
 * line in the database. Settling moves the reservation to refunded, or releases it.
 */
@Component
public class ChargeRefunds {

    private final JdbcClient jdbc;
    private final PaymentIntentRepository intents;
    private final ChargeRepository charges;
    private final PaymentViews views;
    private final Events events;
    private final Clock clock;

    ChargeRefunds(JdbcClient jdbc, PaymentIntentRepository intents, ChargeRepository charges, PaymentViews views, Events events,
            Clock clock) {
        this.jdbc = jdbc;
        this.intents = intents;
        this.charges = charges;
        this.views = views;
        this.events = events;
        this.clock = clock;
    }

    public RefundableCharge find(Tenant tenant, @Nullable String paymentIntentId, @Nullable String chargeId) {
        if (paymentIntentId == null && chargeId == null) {
            throw InvalidRequestException.missingParam("payment_intent");
        }
        Charge charge;
        if (paymentIntentId != null) {
            PaymentIntent intent = intents.find(tenant, paymentIntentId)
                    .orElseThrow(() -> new ResourceNotFoundException("payment_intent", paymentIntentId, "payment_intent"));
            if (intent.status() == PaymentIntentStatus.REQUIRES_CAPTURE) {
                throw new ConflictException("payment_intent_not_captured",
                        "This payment intent is authorized but not captured, so there is nothing to refund; cancel it to release the authorization.",
                        "payment_intent");
            }
            if (intent.status() != PaymentIntentStatus.SUCCEEDED) {
                throw new InvalidStateTransition("payment_intent", "refund", intent.id(), intent.status().code());
            }
            charge = charges.findById(intent.latestChargeId()).orElseThrow();
            if (chargeId != null && !chargeId.equals(charge.id())) {
                throw InvalidRequestException.invalidParam("charge", "charge " + chargeId + " is not the charge of " + paymentIntentId + ".");
            }
        } else {
            charge = charges.find(tenant, chargeId).orElseThrow(() -> new ResourceNotFoundException("charge", chargeId, "charge"));
        }
        if (charge.status() != Charge.Status.SUCCEEDED || !charge.captured()) {
            throw new ConflictException("charge_not_refundable",
                    "Charge " + charge.id() + " is " + charge.status().code() + (charge.captured() ? "" : " and not captured")
                            + "; only captured charges can be refunded.", paymentIntentId != null ? "payment_intent" : "charge");
        }
        long pending = jdbc.sql("SELECT amount_refund_pending FROM payments_charges WHERE id = :id").param("id", charge.id())
                .query(Long.class).single();
        return new RefundableCharge(tenant, new ChargeId(charge.id()), new PaymentIntentId(charge.paymentIntentId()),
                charge.money(charge.amountCaptured()), charge.money(charge.amountRefunded()), charge.money(pending),
                charge.money(charge.fee()), charge.processor(), charge.processorReference());
    }

    private static final String RESERVE = """
            UPDATE payments_charges
            SET amount_refund_pending = amount_refund_pending + :amount,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
              AND status = 'succeeded'
              AND captured
              AND amount_refunded + amount_refund_pending + :amount <= amount_captured
            """;

    private static final String RECORD = """
            INSERT INTO payments_charge_refunds (refund_id, charge_id, amount, status, created_at)
            VALUES (:refund, :charge, :amount, 'pending', :now)
            """;

    public boolean reserve(ChargeId charge, String refundId, Money amount) {
        Timestamp now = Timestamp.from(clock.instant());
        boolean reserved = jdbc.sql(RESERVE).param("id", charge.value()).param("amount", amount.minor()).param("now", now).update() == 1;
        if (reserved) {
            jdbc.sql(RECORD).param("refund", refundId).param("charge", charge.value()).param("amount", amount.minor())
                    .param("now", now).update();
        }
        return reserved;
    }

    private static final String REFUNDED = """
            UPDATE payments_charges
            SET amount_refund_pending = amount_refund_pending - :amount,
                amount_refunded = amount_refunded + :amount,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
            """;

    private static final String RELEASED = """
            UPDATE payments_charges
            SET amount_refund_pending = amount_refund_pending - :amount,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
            """;

    private static final String INTENT_REFUNDED = """
            UPDATE payments_intents
            SET amount_refunded = amount_refunded + :amount,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
            """;

    private static final String SETTLE_RECORD = """
            UPDATE payments_charge_refunds
            SET status = :status
            WHERE refund_id = :refund
              AND status = 'pending'
            """;

    /** Settles a reservation once: the refund succeeded (it counts as refunded) or ended otherwise (released). */
    public void settle(ChargeId chargeId, String refundId, Money amount, String outcome) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.sql(SETTLE_RECORD).param("refund", refundId).param("status", outcome).update() == 0) {
            return;
        }
        boolean succeeded = outcome.equals("succeeded");
        jdbc.sql(succeeded ? REFUNDED : RELEASED).param("id", chargeId.value()).param("amount", amount.minor()).param("now", now)
                .update();
        if (succeeded) {
            Charge charge = charges.findById(chargeId.value()).orElseThrow();
            jdbc.sql(INTENT_REFUNDED).param("id", charge.paymentIntentId()).param("amount", amount.minor()).param("now", now).update();
            events.record(charge.tenant(), "charge.refunded", charge.id(), views.charge(charge));
        }
    }

}
