package dev.settle.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.payments.ChargeCaptured;
import dev.settle.payments.ChargeId;
import dev.settle.payments.PaymentIntentId;
import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.platform.Pipeline;
import dev.settle.tenancy.Tenant;

/**
 * The one place a processor's word about a charge changes Settle's state, whether it came as
 * the reply to a call, a webhook or the janitor's question. Under the intent's row lock it
 * moves states only forward, so a late, repeated or out-of-order report changes nothing; each
 * change writes its events, and a capture its ledger posting, in the same transaction.
 */
@Component
class ChargeOutcomes {

    private static final Logger log = LoggerFactory.getLogger(ChargeOutcomes.class);

    private final PaymentIntentRepository intents;
    private final ChargeRepository charges;
    private final PaymentViews views;
    private final Events events;
    private final ApplicationEventPublisher publisher;
    private final PaymentsProperties properties;
    private final Pipeline pipeline;
    private final Clock clock;

    ChargeOutcomes(PaymentIntentRepository intents, ChargeRepository charges, PaymentViews views, Events events,
            ApplicationEventPublisher publisher, PaymentsProperties properties, Pipeline pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.intents = intents;
        this.charges = charges;
        this.views = views;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    /** Applies what the processor reported about {@code chargeId}. Returns the charge as it now stands. */
    @Transactional
    Charge apply(String chargeId, ProcessorCharge report) {
        return applyAndShow(chargeId, report).charge();
    }

    /** The intent, its charges and the applied charge after the change: what the API answers with. */
    record Applied(PaymentIntent intent, Attempts attempts, Charge charge) {
    }

    /** As {@link #apply}, also returning the intent and charges as this transaction left them. */
    @Transactional
    Applied applyAndShow(String chargeId, ProcessorCharge report) {
        Pipeline.Queries reads = pipeline.queries();
        Pipeline.Result<PaymentIntent> locked = intents.lockByCharge(reads, chargeId);
        Pipeline.Result<Attempts> attempts = charges.attemptsByCharge(reads, chargeId);
        reads.run();
        return applyTo(locked.get(), attempts.get(), chargeId, report);
    }

    /**
     * As {@link #applyAndShow}, to an intent and charges the caller knows as they stand (it has
     * just recorded the attempt), without locking and reading them. Every write names the
     * version it assumes, so if anything changed them meanwhile (a cancel, a webhook, the
     * janitor) the transaction fails at its commit with a {@link ConcurrencyFailureException}
     * and nothing of it is written; the caller then applies the answer with {@link #applyAndShow}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Applied applyToKnown(PaymentIntent intent, Attempts attempts, String chargeId, ProcessorCharge report) {
        return applyTo(intent, attempts, chargeId, report);
    }

    private Applied applyTo(PaymentIntent intent, Attempts attempts, String chargeId, ProcessorCharge report) {
        Instant now = clock.instant();
        Change change = new Change(intent, attempts, now);
        Charge charge = change.attempts.find(chargeId).orElseThrow();
        Charge result = switch (report.outcome()) {
            case SUCCEEDED -> succeeded(change, intent, charge, report, now);
            case REQUIRES_ACTION -> requiresAction(change, intent, charge, report, now);
            case PROCESSING -> processing(change, intent, charge, report, now);
            case FAILED -> failed(change, intent, charge, report, now);
            case CANCELED -> voided(change, charge);
            case NOT_FOUND -> notFound(change, intent, charge, now);
            case UNKNOWN -> unknown(change, charge, report, now);
        };
        return new Applied(change.intent, change.attempts, result);
    }

    /**
     * The intent and its charges (read under the intent's lock, or known to the caller), kept
     * current as this transaction changes them, so each event's snapshot shows the state at that
     * point without reading it again. Each write names the row's version as this transaction
     * last left it, so a row written twice chains its versions.
     */
    private final class Change {

        private PaymentIntent intent;
        private Attempts attempts;
        private final Instant now;

        Change(PaymentIntent intent, Attempts attempts, Instant now) {
            this.intent = intent;
            this.attempts = attempts;
            this.now = now;
        }

        void update(Charge charge) {
            long version = attempts.find(charge.id()).map(Charge::version).orElse(charge.version());
            charges.update(charge.withVersion(version), now);
            attempts = attempts.with(charge.withVersion(version + 1));
        }

        void update(PaymentIntent changed) {
            intents.update(changed.withVersion(intent.version()), now);
            intent = changed.withVersion(intent.version() + 1);
        }

        void record(String type) {
            events.record(intent.tenant(), type, intent.id(), views.intent(intent, attempts));
        }

        void record(String type, Charge charge) {
            events.record(charge.tenant(), type, charge.id(), views.charge(charge, attempts.refundsOf(charge.id())));
        }
    }

    private Charge succeeded(Change change, PaymentIntent intent, Charge charge, ProcessorCharge report, Instant now) {
        boolean current = charge.id().equals(intent.latestChargeId());
        if (charge.status() == Charge.Status.PENDING) {
            Charge updated = charge.succeeded(report.reference(), report.captured(), report.amountCaptured(), report.fee());
            change.update(updated);
            change.record("charge.succeeded", updated);
            if (report.captured()) {
                captured(change, intent, updated, now, current);
            } else if (current) {
                PaymentIntent authorized = intent.authorized();
                change.update(authorized);
                change.record("payment_intent.amount_capturable_updated");
            }
            return updated;
        }
        if (charge.status() == Charge.Status.SUCCEEDED && report.captured() && !charge.captured()) {
            Charge updated = charge.succeeded(charge.processorReference(), true, report.amountCaptured(), report.fee());
            change.update(updated);
            change.record("charge.captured", updated);
            captured(change, intent, updated, now, current);
            return updated;
        }
        return clearPendingAction(change, charge);
    }

    private void captured(Change change, PaymentIntent intent, Charge charge, Instant now, boolean current) {
        publisher.publishEvent(new ChargeCaptured(charge.tenant(), new ChargeId(charge.id()),
                new PaymentIntentId(charge.paymentIntentId()), charge.money(charge.amountCaptured()), charge.money(charge.fee()),
                charge.processor(), charge.processorReference(), now));
        if (!current || intent.status() == PaymentIntentStatus.CANCELED) {
            // Money arrived for an attempt the intent no longer follows (it was canceled meanwhile):
            // the ledger records it; it needs a refund, which a person must decide on.
            change.update(charge.flaggedForReview());
            log.warn("Charge {} captured for payment intent {} in status {}; flagged for review",
                    charge.id(), intent.id(), intent.status().code());
            return;
        }
        PaymentIntent succeeded = intent.succeeded(charge.amountCaptured());
        change.update(succeeded);
        change.record("payment_intent.succeeded");
    }

    private Charge requiresAction(Change change, PaymentIntent intent, Charge charge, ProcessorCharge report, Instant now) {
        if (charge.status() != Charge.Status.PENDING || charge.processorState().equals("requires_action")) {
            return charge;
        }
        Charge updated = charge.withProcessorState("requires_action", report.reference(), null, 0);
        change.update(updated);
        if (charge.id().equals(intent.latestChargeId()) && intent.status() == PaymentIntentStatus.PROCESSING) {
            PaymentIntent waiting = intent.requiringAction(report.nextActionUrl());
            change.update(waiting);
            change.record("payment_intent.requires_action");
        }
        return updated;
    }

    private Charge processing(Change change, PaymentIntent intent, Charge charge, ProcessorCharge report, Instant now) {
        if (charge.status() != Charge.Status.PENDING) {
            return charge;
        }
        if (charge.processorState().equals("processing")) {
            return unknown(change, charge, report, now);
        }
        Charge updated = charge.withProcessorState("processing", report.reference(),
                now.plus(properties.janitor().stuckAfter()), 0);
        change.update(updated);
        if (charge.id().equals(intent.latestChargeId()) && intent.status() != PaymentIntentStatus.PROCESSING) {
            PaymentIntent processing = intent.processing();
            change.update(processing);
            change.record("payment_intent.processing");
        }
        return updated;
    }

    private Charge failed(Change change, PaymentIntent intent, Charge charge, ProcessorCharge report, Instant now) {
        if (charge.status() == Charge.Status.PENDING) {
            String code = report.failureCode() == null ? "processing_error" : report.failureCode();
            String message = report.failureMessage() == null ? "The payment could not be completed." : report.failureMessage();
            Charge updated = charge.failed(report.reference(), code, report.declineCode(), message);
            change.update(updated);
            change.record("charge.failed", updated);
            if (charge.id().equals(intent.latestChargeId()) && intent.status() != PaymentIntentStatus.CANCELED) {
                String type = code.equals("processing_error") ? "api_error" : "card_error";
                PaymentIntent failed = intent.failed(new PaymentError(type, code, report.declineCode(), message, charge.id()));
                change.update(failed);
                change.record("payment_intent.payment_failed");
            }
            return updated;
        }
        return clearPendingAction(change, charge);
    }

    private Charge voided(Change change, Charge charge) {
        if (charge.status() == Charge.Status.CANCELED) {
            return charge;
        }
        Charge updated = charge.voided();
        change.update(updated);
        return updated;
    }

    /**
     * The processor has no record of the attempt. Only trusted once the original call has
     * surely ended; before that the request may still be on its way, so it counts as unknown.
     */
    private Charge notFound(Change change, PaymentIntent intent, Charge charge, Instant now) {
        if (charge.status() != Charge.Status.PENDING) {
            return charge;
        }
        if (charge.created().plus(properties.settleNoEarlierThan()).isAfter(now)) {
            return unknown(change, charge, ProcessorCharge.unknown("not found yet"), now);
        }
        return failed(change, intent, charge, new ProcessorCharge(ProcessorCharge.Outcome.FAILED, null, false, 0, 0,
                "processing_error", null, "The processor never received this payment; nothing was charged.", null), now);
    }

    /** No answer: keep the attempt open and let the janitor ask again, later each time. */
    private Charge unknown(Change change, Charge charge, ProcessorCharge report, Instant now) {
        if (charge.outcomeKnown() && charge.pendingAction() == Charge.PendingAction.NONE) {
            return charge;
        }
        int attempts = charge.checkAttempts() + 1;
        if (attempts > properties.janitor().maxAttempts()) {
            Charge flagged = charge.withProcessorState("unknown", null, null, attempts).flaggedForReview();
            change.update(flagged);
            change.record("charge.review_required", flagged);
            log.warn("Charge {}: no answer from {} after {} attempts; flagged for manual review", charge.id(),
                    charge.processor(), attempts - 1);
            return flagged;
        }
        Instant next = later(now.plus(backoff(attempts)), charge.created().plus(properties.settleNoEarlierThan()));
        String state = charge.outcomeKnown() ? charge.processorState()
                : report.outcome() == ProcessorCharge.Outcome.PROCESSING ? "processing" : "unknown";
        Charge updated = charge.withProcessorState(state, null, next, attempts);
        change.update(updated);
        log.info("Charge {}: outcome unknown ({}); asking {} again at {}", charge.id(), report.failureMessage(), charge.processor(), next);
        return updated;
    }

    private Charge clearPendingAction(Change change, Charge charge) {
        if (charge.pendingAction() == Charge.PendingAction.NONE) {
            return charge;
        }
        Charge cleared = charge.requesting(Charge.PendingAction.NONE, 0, null);
        change.update(cleared);
        return cleared;
    }

    private Duration backoff(int attempts) {
        Duration delay = properties.janitor().backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

}
