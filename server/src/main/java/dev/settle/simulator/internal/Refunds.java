package dev.settle.simulator.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.ConflictException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ResourceNotFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refunds of captured charges. The charge is locked while a refund is taken from it, so
 * concurrent refunds never exceed what was captured. Cards of the refund-fails scenario get a
 * {@code pending} refund that fails asynchronously, reported by a {@code refund.failed} webhook.
 */
final class Refunds {

    static final Set<String> CREATE_FIELDS = Set.of("charge", "amount");

    private final RefundRepository refunds;
    private final ChargeRepository charges;
    private final Idempotency idempotency;
    private final Webhooks webhooks;
    private final Background background;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final SimulatorSettings settings;

    Refunds(RefundRepository refunds, ChargeRepository charges, Idempotency idempotency, Webhooks webhooks, Background background,
            TransactionTemplate transactions, JsonMapper json, Clock clock, SimulatorSettings settings) {
        this.refunds = refunds;
        this.charges = charges;
        this.idempotency = idempotency;
        this.webhooks = webhooks;
        this.background = background;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    record CreateRequest(String charge, @Nullable Long amount) {
    }

    Reply create(String key, JsonBody body) {
        String chargeId = body.string("charge", "parameter_invalid", "charge must be a charge id.");
        if (chargeId == null) {
            throw InvalidRequestException.missingParam("charge");
        }
        Long requested = body.integer("amount", "invalid_amount", "amount must be a positive integer in minor units.");
        if (requested != null && (requested < 1 || requested > Charges.MAX_AMOUNT)) {
            throw new InvalidRequestException("invalid_amount", "amount must be a positive integer in minor units.", "amount");
        }
        Reply reply = idempotency.run(key, "POST /v1/refunds", new CreateRequest(chargeId, requested), () -> {
            Charge charge = (Ids.looksLike("sch", chargeId) ? charges.findForUpdate(chargeId) : Optional.<Charge>empty())
                    .orElseThrow(() -> new InvalidRequestException("resource_missing", "No such charge: '" + chargeId + "'", "charge"));
            if (!charge.captured()) {
                throw new ConflictException("charge_not_refundable",
                        "This charge cannot be refunded: it is " + charge.status().wire() + " and nothing was captured.", "charge");
            }
            long amount = requested == null ? charge.refundable() : requested;
            if (amount < 1 || amount > charge.refundable()) {
                throw new InvalidRequestException("invalid_amount", "amount must be between 1 and " + charge.refundable()
                        + ", what is captured and not yet refunded.", "amount");
            }
            boolean failsLater = charge.scenario() == Scenario.REFUND_FAILS;
            Refund refund = new Refund(Ids.newId("sre"), charge.id(), amount, charge.currency(),
                    failsLater ? Refund.Status.PENDING : Refund.Status.SUCCEEDED, null, key, clock.instant());
            refunds.insert(refund);
            if (failsLater) {
                String id = refund.id();
                Background.afterCommit(() -> background.later(settings.asyncDelay(), "outcome of " + id, () -> failPending(id)));
            } else {
                charges.update(charge.refunded(amount));
            }
            return Reply.ok(render(refund));
        });
        // The timeout card's processor answers refunds too late as well (the refund is made).
        boolean late = !reply.replayed() && charges.find(chargeId).map(c -> c.scenario() == Scenario.TIMEOUT).orElse(false);
        return late ? reply.late(settings.slowReplyDelay()) : reply;
    }

    /** Cancels a refund the processor has not settled yet; 409 once it has. Idempotent on its key. */
    Reply cancel(String id, String key) {
        return idempotency.run(key, "POST /v1/refunds/" + id + "/cancel", new CreateRequest(id, null), () -> {
            Refund refund = (Ids.looksLike("sre", id) ? refunds.findForUpdate(id) : Optional.<Refund>empty())
                    .orElseThrow(() -> new ResourceNotFoundException("refund", id, null));
            if (refund.status() != Refund.Status.PENDING) {
                throw new ConflictException("refund_not_cancelable",
                        "This refund is " + refund.status().wire() + "; only a pending refund can be canceled.", null);
            }
            Refund canceled = refund.cancel();
            refunds.finish(canceled);
            return Reply.ok(render(canceled));
        });
    }

    Refund get(String id) {
        return (Ids.looksLike("sre", id) ? refunds.find(id) : Optional.<Refund>empty())
                .orElseThrow(() -> new ResourceNotFoundException("refund", id, null));
    }

    Refund getByIdempotencyKey(String key) {
        return refunds.findByIdempotencyKey(key)
                .orElseThrow(() -> new ResourceNotFoundException("refund with idempotency_key", key, "idempotency_key"));
    }

    String render(Refund refund) {
        return json.writeValueAsString(refund.toJson());
    }

    /** Schedules the outcome of refunds a previous run left pending. */
    void resumePending() {
        for (String id : refunds.pending()) {
            background.later(settings.asyncDelay(), "outcome of " + id, () -> failPending(id));
        }
    }

    private void failPending(String id) {
        transactions.executeWithoutResult(status -> {
            Refund refund = refunds.findForUpdate(id).orElse(null);
            if (refund == null || refund.status() != Refund.Status.PENDING) {
                return;
            }
            Refund failed = refund.fail("refund_failed");
            if (refunds.finish(failed)) {
                webhooks.publish("refund.failed", failed.id(), failed.toJson());
            }
        });
    }
}
