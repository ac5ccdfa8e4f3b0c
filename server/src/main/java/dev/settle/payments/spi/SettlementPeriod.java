package dev.settle.payments.spi;

import java.time.LocalDate;
import java.util.Set;

import dev.settle.tenancy.Tenant;

/**
 * Which settlement report to fetch: one merchant's (a Settle account's) balance transactions
 * created on one UTC day, in a layout, optionally with deliberate discrepancies (the simulator
 * only; a real processor's connector refuses {@code breaks}).
 *
 * @param layout {@code stripe_itemized} (Stripe's itemized balance-transaction columns) or
 *               {@code payouts} (one line per payout)
 */
public record SettlementPeriod(String merchant, LocalDate day, String layout, Set<String> breaks) {

    public static final String STRIPE_ITEMIZED = "stripe_itemized";
    public static final String PAYOUTS = "payouts";
    /** The discrepancies the simulator can inject (docs/reconciliation.md). */
    public static final Set<String> BREAKS = Set.of("missing", "amount", "currency", "duplicate", "fee", "unknown", "payout");

    public SettlementPeriod {
        breaks = Set.copyOf(breaks);
    }

    public static SettlementPeriod itemized(Tenant tenant, LocalDate day) {
        return new SettlementPeriod(merchant(tenant), day, STRIPE_ITEMIZED, Set.of());
    }

    /**
     * The merchant a tenant is at the processor: an account's test and live modes are separate
     * processor accounts, as at Stripe.
     */
    public static String merchant(Tenant tenant) {
        return tenant.accountId() + (tenant.livemode() ? ":live" : ":test");
    }
}
