package dev.settle.billing;

import java.time.Instant;

import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.Tenant;

/**
 * A money movement of an invoice, published in the transaction of its state change for the
 * ledger to post in that same transaction. Each figure is the signed debit to one ledger account
 * (a credit is negative); they sum to zero.
 *
 * @param type           {@code invoice} (finalized), {@code invoice_payment}, {@code invoice_void}
 *                       or {@code invoice_uncollectible}
 * @param amount         the figure the balance transaction shows
 * @param receivable     invoices_receivable: what the customer owes on invoices
 * @param revenue        billed_revenue (income: credits grow it)
 * @param customerCredit customer_credit (a liability: credit held by customers grows with credits)
 * @param grossVolume    gross_volume: a payment captured by payments, moved onto its invoice
 * @param badDebt        bad_debt (expense): an invoice written off as uncollectible
 */
public record InvoicePosted(Tenant tenant, String type, String invoiceId, CurrencyUnit currency, long amount,
        long receivable, long revenue, long customerCredit, long grossVolume, long badDebt, Instant at, String description) {

    public InvoicePosted {
        long sum = Math.addExact(Math.addExact(Math.addExact(receivable, revenue), Math.addExact(customerCredit, grossVolume)), badDebt);
        if (sum != 0) {
            throw new IllegalArgumentException("Unbalanced invoice posting for " + invoiceId + ": " + sum);
        }
    }

    public boolean movesNothing() {
        return receivable == 0 && revenue == 0 && customerCredit == 0 && grossVolume == 0 && badDebt == 0;
    }
}
