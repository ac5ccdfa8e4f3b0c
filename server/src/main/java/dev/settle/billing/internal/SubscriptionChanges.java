package dev.settle.billing.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Metadata;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.JsonNode;

/** Changes to a live subscription: cancellation (now, at period end, at a time), pausing collection, metadata. */
@Service
class SubscriptionChanges {

    private static final Set<String> PAUSE_BEHAVIORS = Set.of("void", "keep_as_draft", "mark_uncollectible");

    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final BillingTime time;
    private final Events events;

    SubscriptionChanges(SubscriptionRepository subscriptions, Invoicing invoicing, BillingTime time, Events events) {
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.time = time;
        this.events = events;
    }

    record Update(@Nullable Boolean cancelAtPeriodEnd, @Nullable Long cancelAt, @Nullable JsonNode pauseCollection,
            @Nullable Map<String, String> metadata) {
    }

    @Transactional
    Subscription update(Tenant tenant, String id, Update update) {
        Subscription sub = subscriptions.findForUpdate(tenant, id).orElseThrow(() -> SubscriptionService.notFound(id));
        Instant now = time.now(tenant, sub.testClockId());
        if (sub.ended()) {
            throw new InvalidStateTransition("subscription", "update", id, sub.status());
        }
        Subscription changed = sub;
        if (update.cancelAtPeriodEnd() != null || update.cancelAt() != null) {
            if (Boolean.TRUE.equals(update.cancelAtPeriodEnd()) && update.cancelAt() != null) {
                throw InvalidRequestException.invalidParam("cancel_at", "Pass cancel_at or cancel_at_period_end, not both.");
            }
            Instant cancelAt = update.cancelAt() == null ? null : SubscriptionRules.future("cancel_at", update.cancelAt(), now);
            changed = changed.withCancellation(Boolean.TRUE.equals(update.cancelAtPeriodEnd()), cancelAt, now);
        }
        if (update.pauseCollection() != null) {
            changed = changed.withPause(pauseBehavior(update.pauseCollection()));
        }
        changed = changed.withItems(changed.items(), Metadata.merge(changed.metadata(), update.metadata()));
        subscriptions.update(changed);
        events.record(tenant, "customer.subscription.updated", id, BillingViews.subscription(changed), now);
        return changed;
    }

    /** Cancels at once: no further invoices; the time already paid for is not refunded. */
    @Transactional
    Subscription cancel(Tenant tenant, String id) {
        Subscription sub = subscriptions.findForUpdate(tenant, id).orElseThrow(() -> SubscriptionService.notFound(id));
        if (sub.ended()) {
            throw new InvalidStateTransition("subscription", "cancel", id, sub.status());
        }
        Instant now = time.now(tenant, sub.testClockId());
        return invoicing.cancel(sub, now, now);
    }

    /** {@code {"behavior": "void"}} pauses collection; {@code ""} resumes it. */
    private static @Nullable String pauseBehavior(JsonNode pause) {
        if (pause.isString() && pause.asString().isEmpty()) {
            return null;
        }
        if (!pause.isObject() || pause.size() != 1 || !pause.path("behavior").isString()) {
            throw InvalidRequestException.invalidParam("pause_collection[behavior]",
                    "pause_collection must be {\"behavior\": \"void\" | \"keep_as_draft\" | \"mark_uncollectible\"}, or \"\" to resume.");
        }
        String behavior = pause.path("behavior").asString();
        if (!PAUSE_BEHAVIORS.contains(behavior)) {
            throw InvalidRequestException.invalidParam("pause_collection[behavior]",
                    "pause_collection[behavior] must be void, keep_as_draft or mark_uncollectible.");
        }
        return behavior;
    }
}
