package dev.settle.payments.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.settle.payments.internal.PaymentViews.RefundSummary;

/**
 * A payment intent's charges, newest first, each with its refunds: everything the intent's
 * view shows beyond its own row, read in one query. A change applied in a transaction
 * replaces its charge here, so the events it records render without reading again.
 */
record Attempts(List<Charge> charges, Map<String, List<RefundSummary>> refunds) {

    static Attempts none() {
        return new Attempts(List.of(), Map.of());
    }

    Optional<Charge> find(String chargeId) {
        return charges.stream().filter(charge -> charge.id().equals(chargeId)).findFirst();
    }

    /** With {@code charge} in place of the charge of the same id, or added as the newest. */
    Attempts with(Charge charge) {
        List<Charge> updated = new ArrayList<>(charges.size() + 1);
        boolean replaced = false;
        for (Charge existing : charges) {
            boolean same = existing.id().equals(charge.id());
            updated.add(same ? charge : existing);
            replaced |= same;
        }
        if (!replaced) {
            updated.addFirst(charge);
        }
        return new Attempts(List.copyOf(updated), refunds);
    }

    List<RefundSummary> refundsOf(String chargeId) {
        return refunds.getOrDefault(chargeId, List.of());
    }
}
