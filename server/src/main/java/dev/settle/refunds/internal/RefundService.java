package dev.settle.refunds.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.idempotency.IdempotentRequests;
import dev.settle.payments.Payments;
import dev.settle.payments.RefundableCharge;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorRefund;
import dev.settle.platform.Phases;
import dev.settle.refunds.RefundCreated;
import dev.settle.shared.ConflictException;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.Money;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.AuditLog;
import dev.settle.tenancy.Tenant;

/**
 * Creates and cancels refunds. As with payments, the refund is recorded (its amount reserved on
 * the charge, its hold posted to the ledger, {@code refund.created} written) and committed before
 * the processor is asked; the answer is applied in a second phase, and one that never comes is
 * settled by the janitor.
 */
@Service
class RefundService {

    /** How a request's Idempotency-Key is bound to the refund it created. */
    static final String RESOURCE = "refund";

    private static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final RefundRepository refunds;
    private final RefundOutcomes outcomes;
    private final Payments payments;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final Phases phases;
    private final RefundsProperties properties;
    private final IdempotentRequests requests;
    private final Clock clock;
    private final AuditLog audit;

    RefundService(RefundRepository refunds, RefundOutcomes outcomes, Payments payments, Events events,
            ApplicationEventPublisher publisher, Phases phases, RefundsProperties properties, IdempotentRequests requests,
            Clock clock, AuditLog audit) {
        this.audit = audit;
        this.requests = requests;
        this.refunds = refunds;
        this.outcomes = outcomes;
        this.payments = payments;
        this.events = events;
        this.publisher = publisher;
        this.phases = phases;
        this.properties = properties;
        this.clock = clock;
    }

    record CreateCommand(@Nullable String paymentIntent, @Nullable String charge, @Nullable Long amount,
            @Nullable String currency, @Nullable String reason, @Nullable Map<String, String> metadata) {
    }

    Refund create(Tenant tenant, CreateCommand command) {
        if (command.amount() != null && command.amount() <= 0) {
            throw InvalidRequestException.invalidParam("amount", "amount must be a positive integer in the currency's minor unit.");
        }
        if (command.amount() != null && command.amount() > properties.maxAmount()) {
            throw new InvalidRequestException("amount_too_large", "amount must be at most " + properties.maxAmount() + ".", "amount");
        }
        if (command.reason() != null && !REASONS.contains(command.reason())) {
            throw InvalidRequestException.invalidParam("reason", "reason must be duplicate, fraudulent or requested_by_customer.");
        }
        Map<String, String> metadata = Metadata.validate(command.metadata());
        CurrencyUnit currency = command.currency() == null ? null : CurrencyUnit.of(command.currency(), "currency");
        record Recorded(Refund refund, ProcessorConnector connector, String chargeReference) {
        }
        Recorded recorded = phases.committed(() -> {
            RefundableCharge charge = payments.refundableCharge(tenant, command.paymentIntent(), command.charge());
            if (currency != null && !currency.equals(charge.captured().currency())) {
                throw new InvalidRequestException("currency_mismatch", "The payment was made in " + charge.captured().currency()
                        + "; a refund is in the same currency.", "currency");
            }
            Money amount = command.amount() == null ? charge.refundable() : Money.of(command.amount(), charge.captured().currency());
            if (!amount.isPositive()) {
                throw new InvalidRequestException("charge_already_refunded", "Nothing is left to refund on this payment.", "amount");
            }
            String id = Ids.newId("re");
            if (!payments.reserveRefund(charge.charge(), id, amount)) {
                throw new InvalidRequestException("amount_too_large", "The refund (" + amount.minor()
                        + ") is more than what remains refundable (" + charge.refundable().minor() + ").", "amount");
            }
            Instant now = clock.instant();
            Refund refund = new Refund(id, tenant.accountId(), tenant.livemode(), charge.paymentIntent().value(),
                    charge.charge().value(), amount.minor(), amount.currency(), command.reason(), Refund.Status.PENDING,
                    charge.processor(), null, "sending", null, metadata, now.plus(properties.janitor().settleNotBefore()), 0,
                    false, now);
            refunds.insert(refund);
            publisher.publishEvent(new RefundCreated(tenant, id, charge.charge(), amount, now));
            events.record(tenant, "refund.created", id, RefundView.of(refund));
            Map<String, Object> audited = new java.util.LinkedHashMap<>();
            audited.put("amount", amount.minor());
            audited.put("currency", amount.currency().code());
            audited.put("charge", charge.charge().value());
            audited.put("payment_intent", charge.paymentIntent().value());
            audited.put("reason", command.reason());
            audit.record(tenant, "refund.created", "refund", id, AuditLog.created(audited));
            requests.bind(RESOURCE, id);
            return new Recorded(refund, payments.connector(charge.processor()).orElseThrow(), charge.processorReference());
        });
        Refund refund = recorded.refund();
        ProcessorRefund reply = recorded.connector().refund(recorded.chargeReference(), refund.money(), refund.processorKey());
        return phases.committed(() -> outcomes.apply(refund.id(), reply));
    }

    /** Cancels a refund the processor has not settled; 409 once it has, or while its outcome is unknown. */
    Refund cancel(Tenant tenant, String id) {
        Refund refund = retrieve(tenant, id);
        refund.requireCancelable();
        if (refund.processorReference() == null) {
            throw new ConflictException("refund_outcome_unknown",
                    "The processor has not confirmed this refund yet, so it cannot be canceled now; retry shortly.", null);
        }
        ProcessorConnector connector = payments.connector(refund.processor()).orElseThrow();
        ProcessorRefund reply = connector.cancelRefund(refund.processorReference(), refund.processorKey() + "_cancel");
        Refund after = phases.committed(() -> {
            Refund applied = outcomes.apply(id, reply.refused()
                    ? connector.retrieveRefundByIdempotencyKey(refund.processorKey()) : reply);
            if (applied.status() == Refund.Status.CANCELED && refund.status() != Refund.Status.CANCELED) {
                audit.record(tenant, "refund.canceled", "refund", id,
                        Map.of("status", new AuditLog.Change(refund.status().code(), "canceled")));
            }
            return applied;
        });
        if (after.status() != Refund.Status.CANCELED) {
            after.requireCancelable();
            throw new ConflictException("refund_not_cancelable", "The processor could not cancel this refund.", null);
        }
        return after;
    }

    @Transactional
    Refund updateMetadata(Tenant tenant, String id, @Nullable Map<String, String> metadata) {
        Refund refund = refunds.lock(tenant, id).orElseThrow(() -> notFound(id));
        Refund updated = refund.withMetadata(Metadata.merge(refund.metadata(), metadata));
        refunds.update(updated, clock.instant());
        events.record(tenant, "refund.updated", id, RefundView.of(updated));
        return updated;
    }

    Refund retrieve(Tenant tenant, String id) {
        return refunds.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    ListPage<Refund> list(Tenant tenant, ListParams params, RefundRepository.Filter filter) {
        return ListPage.of(refunds.list(tenant, params, filter), params, "/v1/refunds");
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("refund", id, "id");
    }
}
