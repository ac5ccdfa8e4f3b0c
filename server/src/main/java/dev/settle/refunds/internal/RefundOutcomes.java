package dev.settle.refunds.internal;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.payments.Payments;
import dev.settle.payments.RefundableCharge;
import dev.settle.payments.spi.ProcessorRefund;
import dev.settle.refunds.RefundEnded;
import dev.settle.refunds.RefundSucceeded;
import dev.settle.shared.Money;

/**
 * The one place a processor's word about a refund changes Settle's state (reply, webhook or
 * janitor). Under the refund's row lock it moves only from {@code pending}, so a repeated or late
 * report changes nothing; the charge's reservation, the ledger and the events change with it.
 */
@Component
class RefundOutcomes {

    private static final Logger log = LoggerFactory.getLogger(RefundOutcomes.class);

    private final RefundRepository refunds;
    private final Payments payments;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final RefundsProperties properties;
    private final Clock clock;

    RefundOutcomes(RefundRepository refunds, Payments payments, Events events, ApplicationEventPublisher publisher,
            RefundsProperties properties, Clock clock) {
        this.refunds = refunds;
        this.payments = payments;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    Refund apply(String refundId, ProcessorRefund report) {
        Refund refund = refunds.lockById(refundId).orElseThrow();
        if (refund.status() != Refund.Status.PENDING) {
            return refund;
        }
        Instant now = clock.instant();
        return switch (report.outcome()) {
            case SUCCEEDED -> succeeded(refund, report, now);
            case FAILED -> report.refused() ? refund : ended(refund, Refund.Status.FAILED, report, now);
            case CANCELED -> ended(refund, Refund.Status.CANCELED, report, now);
            case PENDING -> pendingAtProcessor(refund, report, now);
            case NOT_FOUND -> refund.created().plus(properties.janitor().settleNotBefore()).isAfter(now)
                    ? unknown(refund, now)
                    : ended(refund, Refund.Status.FAILED, new ProcessorRefund(ProcessorRefund.Outcome.FAILED, null, 0,
                            "processing_error"), now);
            case UNKNOWN -> unknown(refund, now);
        };
    }

    private Refund succeeded(Refund refund, ProcessorRefund report, Instant now) {
        Refund done = refund.ended(Refund.Status.SUCCEEDED, report.reference(), null);
        refunds.update(done, now);
        payments.settleRefund(done.charge(), done.id(), done.money(), "succeeded");
        publisher.publishEvent(new RefundSucceeded(done.tenant(), done.id(), done.charge(), done.money(), feeReturned(done),
                done.processor(), done.processorReference(), now));
        events.record(done.tenant(), "refund.updated", done.id(), RefundView.of(done));
        return done;
    }

    /** The share of the charge's fee returned with this refund, where the processor returns fees. */
    private Money feeReturned(Refund refund) {
        if (!properties.returnsFees(refund.processor())) {
            return Money.zero(refund.currency());
        }
        RefundableCharge charge = payments.refundableCharge(refund.tenant(), null, refund.chargeId());
        long share = BigInteger.valueOf(charge.fee().minor()).multiply(BigInteger.valueOf(refund.amount()))
                .divide(BigInteger.valueOf(charge.captured().minor())).longValueExact();
        return Money.of(share, refund.currency());
    }

    private Refund ended(Refund refund, Refund.Status outcome, ProcessorRefund report, Instant now) {
        String failure = outcome == Refund.Status.FAILED ? (report.failureCode() == null ? "refund_failed" : report.failureCode()) : null;
        Refund done = refund.ended(outcome, report.reference(), failure);
        refunds.update(done, now);
        payments.settleRefund(done.charge(), done.id(), done.money(), outcome.code());
        publisher.publishEvent(new RefundEnded(done.tenant(), done.id(), done.charge(), done.money(), outcome.code(), now));
        if (outcome == Refund.Status.FAILED) {
            events.record(done.tenant(), "refund.failed", done.id(), RefundView.of(done));
        }
        events.record(done.tenant(), "refund.updated", done.id(), RefundView.of(done));
        return done;
    }

    private Refund pendingAtProcessor(Refund refund, ProcessorRefund report, Instant now) {
        if (refund.processorState().equals("pending_at_processor")) {
            return unknown(refund, now);
        }
        Refund waiting = refund.awaiting("pending_at_processor", report.reference(), now.plus(properties.janitor().stuckAfter()), 0,
                false);
        refunds.update(waiting, now);
        return waiting;
    }

    private Refund unknown(Refund refund, Instant now) {
        int attempts = refund.checkAttempts() + 1;
        if (attempts > properties.janitor().maxAttempts()) {
            Refund flagged = refund.awaiting(refund.processorState(), null, null, attempts, true);
            refunds.update(flagged, now);
            events.record(flagged.tenant(), "refund.review_required", flagged.id(), RefundView.of(flagged));
            log.warn("Refund {}: no answer from {} after {} attempts; flagged for manual review", refund.id(), refund.processor(),
                    attempts - 1);
            return flagged;
        }
        Duration delay = properties.janitor().backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        Instant next = now.plus(delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay);
        Instant earliest = refund.created().plus(properties.janitor().settleNotBefore());
        String state = refund.processorState().equals("pending_at_processor") ? refund.processorState() : "unknown";
        Refund waiting = refund.awaiting(state, null, next.isBefore(earliest) ? earliest : next, attempts, false);
        refunds.update(waiting, now);
        return waiting;
    }
}
