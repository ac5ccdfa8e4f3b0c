package dev.settle.ledger;

/**
 * The chart of accounts, kept per Settle account, mode and currency. Debit-normal accounts
 * (assets, expenses) grow with debits; credit-normal ones (income) with credits.
 */
public enum LedgerAccount {
    /** Asset: captured funds the processor owes, not yet available for payout. */
    RECEIVABLE_PENDING,
    /** Asset: funds the processor owes that are available for payout. */
    RECEIVABLE_AVAILABLE,
    /** Expense: what the processor kept as fees. */
    PROCESSOR_FEES,
    /** Income: gross amounts captured from customers. */
    GROSS_VOLUME,
    /** Contra-income: amounts given back to customers. */
    REFUNDS,
    /** Asset reduction held while a refund is in flight. */
    REFUNDS_PENDING,
    /** Asset: funds the processor paid out to the merchant's bank account. */
    BANK,
    /** Income (or its reduction): differences accepted from the processor's figures by reconciliation. */
    RECONCILIATION_ADJUSTMENTS,
    /** Expense: differences written off by reconciliation. */
    WRITE_OFFS,
    /** Asset: what customers owe on finalized invoices not yet paid. */
    INVOICES_RECEIVABLE,
    /** Income: invoiced amounts, recognized when an invoice is finalized. */
    BILLED_REVENUE,
    /** Liability: credit customers hold (downgrades, negative invoices), consumed by their next invoices. */
    CUSTOMER_CREDIT,
    /** Expense: invoices written off as uncollectible. */
    BAD_DEBT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
