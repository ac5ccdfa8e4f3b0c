package dev.settle.payments;

import dev.settle.tenancy.Tenant;

/**
 * A customer's default payment method was set, published in the transaction that sets it. Billing
 * retries the customer's open invoices with it once that transaction has committed.
 */
public record DefaultPaymentMethodSet(Tenant tenant, String customer, PaymentMethodId paymentMethod) {
}
