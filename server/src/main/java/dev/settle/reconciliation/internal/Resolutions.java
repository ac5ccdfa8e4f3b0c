package dev.settle.reconciliation.internal;

import java.time.Clock;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.ledger.Ledger;
import dev.settle.ledger.LedgerAccount;
import dev.settle.shared.ConflictException;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Money;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Resolving a discrepancy: {@code accept_processor} takes the processor's figures, posting the
 * difference between what it reports and what the books expected against
 * {@code reconciliation_adjustments}; {@code write_off} posts it against {@code write_offs};
 * {@code ignore} posts nothing. The posting, the item's update and the event commit together.
 * Resolving again the same way answers the item as it is; another way is a 409.
 */
@Service
class Resolutions {

    static final Set<String> ACTIONS = Set.of("accept_processor", "write_off", "ignore");
    static final int MAX_NOTE = 1000;

    private final Items items;
    private final Ledger ledger;
    private final Events events;
    private final Clock clock;

    Resolutions(Items items, Ledger ledger, Events events, Clock clock) {
        this.items = items;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    Item resolve(Tenant tenant, String id, String action, @Nullable String note, String by) {
        if (!ACTIONS.contains(action)) {
            throw InvalidRequestException.invalidParam("action", "action must be accept_processor, write_off or ignore.");
        }
        if (note != null && note.length() > MAX_NOTE) {
            throw InvalidRequestException.invalidParam("note", "note is at most " + MAX_NOTE + " characters.");
        }
        Item item = items.lock(tenant, id).orElseThrow(() -> new ResourceNotFoundException("reconciliation_item", id, "id"));
        if (!item.kind().discrepancy()) {
            throw new InvalidStateTransition("reconciliation_item", "resolve", id, item.itemClass());
        }
        if (!item.status().equals("open")) {
            if (action.equals(item.resolution())) {
                return item;
            }
            throw new InvalidStateTransition("reconciliation_item", "resolve", id, item.status());
        }
        String transaction = null;
        if (item.category().equals(PAYOUT_STATEMENT)) {
            transaction = action.equals("ignore") ? null : correctPayout(tenant, item, action);
        } else if (!action.equals("ignore")) {
            if (item.kind() == ItemClass.CURRENCY_MISMATCH && action.equals("accept_processor")) {
                throw new ConflictException("resolution_not_applicable", "A currency mismatch cannot be accepted as the processor reports it: "
                        + "the books cannot hold one payment in two currencies. Write it off or ignore it.", "action");
            }
            long delta = delta(item);
            if (delta != 0) {
                transaction = ledger.postAdjustment(tenant, item.id(), Money.of(delta, CurrencyUnit.of(item.currency())),
                        action.equals("write_off") ? LedgerAccount.WRITE_OFFS : LedgerAccount.RECONCILIATION_ADJUSTMENTS,
                        "Reconciliation " + action + " of " + item.itemClass() + " " + item.reference());
            }
        }
        items.resolve(item.id(), action, note, by, clock.instant(), transaction);
        Item resolved = items.find(tenant, id).orElseThrow();
        events.record(tenant, "reconciliation.discrepancy.resolved", id, Views.ItemView.of(resolved, tenant.livemode()));
        return resolved;
    }

    /** Items of a payout statement's run: a payout as the statement has it against the itemized report's. */
    static final String PAYOUT_STATEMENT = "payout_statement";

    /**
     * A payout statement that says another amount reached the bank than the itemized report's
     * payout line (which the books posted) is accepted by moving the difference between the
     * processor balance and the bank, as a payout of its own. Nothing else about a statement
     * line can be booked: a payout no itemized report has is posted by the run of the itemized
     * report that brings it, and a currency the books never paid out in cannot be corrected.
     */
    private @Nullable String correctPayout(Tenant tenant, Item item, String action) {
        if (item.kind() != ItemClass.AMOUNT_MISMATCH || !action.equals("accept_processor")) {
            throw new ConflictException("resolution_not_applicable", "A payout statement's " + item.itemClass()
                    + " can only be ignored" + (item.kind() == ItemClass.AMOUNT_MISMATCH ? " or accepted as the processor reports it" : "")
                    + ": the payout is booked from the itemized report that holds it.", "action");
        }
        long delta = Math.subtractExact(item.reportedAmount() == null ? 0 : item.reportedAmount(),
                item.expectedAmount() == null ? 0 : item.expectedAmount());
        if (delta == 0) {
            return null;
        }
        return ledger.postPayout(tenant, item.id(), Money.of(delta, CurrencyUnit.of(item.currency())),
                "Reconciliation accept_processor of payout statement " + item.reference());
    }

    /**
     * What the processor owes differs from the books by: reported net less expected net. A line
     * the books do not have (or have already from another line) expected nothing; an entry the
     * report lacks reported nothing.
     */
    static long delta(Item item) {
        long reported = switch (item.kind()) {
            // A currency mismatch is written off in the books' currency: what was expected is not coming.
            case MISSING_IN_REPORT, CURRENCY_MISMATCH -> 0;
            default -> net(item.reportedAmount(), item.reportedFee());
        };
        long expected = switch (item.kind()) {
            case MISSING_INTERNALLY, DUPLICATE -> 0;
            default -> net(item.expectedAmount(), item.expectedFee());
        };
        return Math.subtractExact(reported, expected);
    }

    private static long net(@Nullable Long amount, @Nullable Long fee) {
        return Math.subtractExact(amount == null ? 0 : amount, fee == null ? 0 : fee);
    }
}
