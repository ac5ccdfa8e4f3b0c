package dev.settle.payments.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.shared.Metadata;

/** How payment objects look in API responses and in event snapshots ({@code data.object}). */
@Component
class PaymentViews {

    private final ChargeRepository charges;
    private final JdbcClient jdbc;

    PaymentViews(ChargeRepository charges, JdbcClient jdbc) {
        this.charges = charges;
        this.jdbc = jdbc;
    }

    record RefundSummary(String id, long amount, String status) {
    }

    /** An intent with its charges as a transaction left them: renders with no reads. */
    record IntentState(PaymentIntent intent, Attempts attempts) {
    }

    record RefundList(String object, List<RefundSummary> data, boolean hasMore, String url) {
    }

    record RedirectToUrl(String url, @Nullable String returnUrl) {
    }

    record NextAction(String type, RedirectToUrl redirectToUrl) {
    }

    record ChargeList(String object, List<ChargeView> data, boolean hasMore, String url) {
    }

    record PaymentIntentView(String id, String object, boolean livemode, long amount, String currency, String status,
            @Nullable String customer, @Nullable String paymentMethod, String captureMethod, long amountCapturable,
            long amountReceived, @Nullable String description, Map<String, String> metadata,
            long amountRefunded, @Nullable PaymentError lastPaymentError, @Nullable NextAction nextAction,
            @Nullable String latestCharge,
            ChargeList charges, @Nullable String cancellationReason, @Nullable Long canceledAt, long created) {
    }

    record ChargeView(String id, String object, boolean livemode, long amount, String currency, String paymentIntent,
            String paymentMethod, String status, boolean captured, long amountCaptured, long amountRefunded, long fee,
            @Nullable String failureCode, @Nullable String declineCode, @Nullable String failureMessage, String processor,
            @Nullable String processorReference, RefundList refunds, boolean needsReview, long created) {
    }

    record CardView(String brand, String last4, int expMonth, int expYear, String fingerprint) {
    }

    record PaymentMethodView(String id, String object, boolean livemode, String type, CardView card, @Nullable String customer,
            boolean defaultForCustomer, Map<String, String> metadata, long created) {
    }

    /** The intent as it stands, reading its charges and refunds (one query). */
    PaymentIntentView intent(PaymentIntent intent) {
        return intent(intent, charges.attempts(intent.id()));
    }

    PaymentIntentView intent(IntentState state) {
        return intent(state.intent(), state.attempts());
    }

    /** The intent with the charges and refunds given: no reads. */
    PaymentIntentView intent(PaymentIntent intent, Attempts attempts) {
        List<ChargeView> shown = attempts.charges().stream()
                .map(charge -> charge(charge, attempts.refundsOf(charge.id())))
                .toList();
        return new PaymentIntentView(intent.id(), "payment_intent", intent.livemode(), intent.amount(), intent.currency().code(),
                intent.status().code(), intent.customerId(), intent.paymentMethodId(), intent.captureMethod().code(),
                intent.amountCapturable(), intent.amountReceived(), intent.description(), Metadata.sorted(intent.metadata()),
                shown.stream().mapToLong(ChargeView::amountRefunded).sum(), intent.lastPaymentError(),
                intent.nextActionUrl() == null ? null
                        : new NextAction("redirect_to_url", new RedirectToUrl(intent.nextActionUrl(), intent.returnUrl())),
                intent.latestChargeId(),
                new ChargeList("list", shown, false, "/v1/charges?payment_intent=" + intent.id()),
                intent.cancellationReason(), intent.canceledAt() == null ? null : intent.canceledAt().getEpochSecond(),
                intent.created().getEpochSecond());
    }

    /** The charge as it stands, reading its refunds if it has captured money (refunds need some). */
    ChargeView charge(Charge charge) {
        return charge(charge, charge.amountCaptured() == 0 ? List.of() : refundsOf(charge.id()));
    }

    ChargeView charge(Charge charge, List<RefundSummary> refunds) {
        return new ChargeView(charge.id(), "charge", charge.livemode(), charge.amount(), charge.currency().code(),
                charge.paymentIntentId(), charge.paymentMethodId(), charge.status().code(), charge.captured(),
                charge.amountCaptured(), charge.amountRefunded(), charge.fee(), charge.failureCode(), charge.declineCode(),
                charge.failureMessage(), charge.processor(), charge.processorReference(),
                new RefundList("list", refunds, false, "/v1/refunds?charge=" + charge.id()),
                charge.needsReview(), charge.shownCreated().getEpochSecond());
    }

    private static final String REFUNDS_OF = """
            SELECT refund_id, amount, status
            FROM payments_charge_refunds
            WHERE charge_id = :charge
            ORDER BY created_at, refund_id
            """;

    private List<RefundSummary> refundsOf(String chargeId) {
        return jdbc.sql(REFUNDS_OF).param("charge", chargeId)
                .query((rs, n) -> new RefundSummary(rs.getString("refund_id"), rs.getLong("amount"), rs.getString("status")))
                .list();
    }

    static PaymentMethodView method(PaymentMethod method) {
        return new PaymentMethodView(method.id(), "payment_method", method.livemode(), "card",
                new CardView(method.brand(), method.last4(), method.expMonth(), method.expYear(), method.fingerprint()),
                method.customerId(), method.defaultForCustomer(), Metadata.sorted(method.metadata()),
                method.created().getEpochSecond());
    }
}
