package dev.settle.billing.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/** An invoice as stored, with its lines. Amounts in minor units of its currency. */
record Invoice(
        String id, String accountId, boolean livemode, String customerId, @Nullable String subscriptionId,
        @Nullable String testClockId, @Nullable String number, String status, String billingReason, String collectionMethod,
        CurrencyUnit currency, Instant periodStart, Instant periodEnd, long subtotal, long total, long startingBalance,
        @Nullable Long endingBalance, long amountDue, long amountPaid, long amountRemaining, int attemptCount,
        @Nullable Instant autoFinalizeAt, @Nullable Instant nextPaymentAttempt, @Nullable Instant dueDate,
        @Nullable Instant firstFailureAt, @Nullable String paymentIntentId, @Nullable Instant finalizedAt,
        @Nullable Instant paidAt, @Nullable Instant voidedAt, Map<String, String> metadata, Instant created, List<Line> lines) {

    record Line(String id, String type, String description, long amount, @Nullable String priceId, @Nullable Long quantity,
            boolean proration, Instant periodStart, Instant periodEnd) {
    }

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    /** A new draft over {@code lines}; the balance is applied when it is finalized. */
    static Invoice draft(String id, Subscription sub, String billingReason, Instant periodStart, Instant periodEnd,
            List<Line> lines, @Nullable Instant autoFinalizeAt, Instant now) {
        long total = lines.stream().mapToLong(Line::amount).reduce(0, Math::addExact);
        return new Invoice(id, sub.accountId(), sub.livemode(), sub.customerId(), sub.id(), sub.testClockId(), null, "draft",
                billingReason, sub.collectionMethod(), sub.currency(), periodStart, periodEnd, total, total, 0, null,
                Math.max(0, total), 0, Math.max(0, total), 0, autoFinalizeAt, null, null, null, null, null, null, null,
                Map.of(), now, List.copyOf(lines));
    }

    /**
     * A draft not tied to a subscription ({@code manual}): the customer's pending items, its period
     * the moment it is made; a {@code send_invoice} one is due {@code dueDate} (days after it is made).
     */
    static Invoice manual(String id, Tenant tenant, String customerId, @Nullable String testClockId, String collectionMethod,
            CurrencyUnit currency, List<Line> lines, @Nullable Instant autoFinalizeAt, @Nullable Instant dueDate,
            Map<String, String> metadata, Instant now) {
        long total = lines.stream().mapToLong(Line::amount).reduce(0, Math::addExact);
        return new Invoice(id, tenant.accountId(), tenant.livemode(), customerId, null, testClockId, null, "draft", "manual",
                collectionMethod, currency, now, now, total, total, 0, null, Math.max(0, total), 0, Math.max(0, total), 0,
                autoFinalizeAt, null, dueDate, null, null, null, null, null, Map.copyOf(metadata), now, List.copyOf(lines));
    }

    Invoice finalized(String number, long balance, Instant now, @Nullable Instant nextAttempt, @Nullable Instant dueDate) {
        long x = Math.addExact(total, balance);
        long due = Math.max(0, x);
        return new Invoice(id, accountId, livemode, customerId, subscriptionId, testClockId, number, "open", billingReason,
                collectionMethod, currency, periodStart, periodEnd, subtotal, total, balance, Math.min(0, x), due, 0, due,
                attemptCount, null, due == 0 ? null : nextAttempt, dueDate, firstFailureAt, paymentIntentId, now, paidAt,
                voidedAt, metadata, created, lines);
    }

    Invoice paid(@Nullable String paymentIntent, Instant now) {
        return new Invoice(id, accountId, livemode, customerId, subscriptionId, testClockId, number, "paid", billingReason,
                collectionMethod, currency, periodStart, periodEnd, subtotal, total, startingBalance, endingBalance, amountDue,
                amountDue, 0, attemptCount, null, null, dueDate, firstFailureAt, paymentIntent, finalizedAt, now, voidedAt,
                metadata, created, lines);
    }

    Invoice attempted(int attempts, @Nullable Instant firstFailure, @Nullable Instant nextAttempt, @Nullable String paymentIntent) {
        return new Invoice(id, accountId, livemode, customerId, subscriptionId, testClockId, number, status, billingReason,
                collectionMethod, currency, periodStart, periodEnd, subtotal, total, startingBalance, endingBalance, amountDue,
                amountPaid, amountRemaining, attempts, autoFinalizeAt, nextAttempt, dueDate, firstFailure, paymentIntent,
                finalizedAt, paidAt, voidedAt, metadata, created, lines);
    }

    Invoice closed(String status, Instant now) {
        return new Invoice(id, accountId, livemode, customerId, subscriptionId, testClockId, number, status, billingReason,
                collectionMethod, currency, periodStart, periodEnd, subtotal, total, startingBalance, endingBalance, amountDue,
                amountPaid, amountRemaining, attemptCount, null, null, dueDate, firstFailureAt, paymentIntentId, finalizedAt,
                paidAt, status.equals("void") ? now : voidedAt, metadata, created, lines);
    }
}
