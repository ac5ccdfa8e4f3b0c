package dev.settle.billing.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.Tenant;

/**
 * Invoice numbers and customer credit balances: the two rows an invoice's finalization moves
 * besides the invoice itself, both under row locks in the finalizing transaction.
 */
@Component
class InvoiceBooks {

    private final JdbcClient jdbc;

    InvoiceBooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The account's next invoice number, {@code PREFIX-000123}. The counter moves in the caller's
     * transaction, so a rolled-back finalization gives its number back: numbers have no gaps.
     */
    String nextNumber(Tenant tenant) {
        return jdbc.sql("""
                INSERT INTO billing_invoice_numbers (account_id, livemode, prefix, last_number)
                VALUES (:account, :livemode, :prefix, 1)
                ON CONFLICT (account_id, livemode) DO UPDATE SET last_number = billing_invoice_numbers.last_number + 1
                RETURNING prefix || '-' || lpad(last_number::text, 6, '0')
                """).param("account", tenant.accountId()).param("livemode", tenant.livemode()).param("prefix", prefix(tenant))
                .query(String.class).single();
    }

    /** Eight letters and digits derived from the account and mode, the same for every invoice of them. */
    static String prefix(Tenant tenant) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.accountId() + (tenant.livemode() ? "live" : "test")).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The customer's balance in the currency (negative: credit it holds), locked until the transaction ends. */
    long lockBalance(Tenant tenant, String customer, CurrencyUnit currency) {
        jdbc.sql("""
                INSERT INTO billing_customer_balances (account_id, livemode, customer_id, currency, balance)
                VALUES (:account, :livemode, :customer, :currency, 0) ON CONFLICT DO NOTHING
                """).param("account", tenant.accountId()).param("livemode", tenant.livemode()).param("customer", customer)
                .param("currency", currency.code()).update();
        return jdbc.sql("SELECT balance FROM billing_customer_balances WHERE customer_id = :customer AND currency = :currency FOR UPDATE")
                .param("customer", customer).param("currency", currency.code()).query(Long.class).single();
    }

    long balance(String customer, CurrencyUnit currency) {
        return jdbc.sql("SELECT balance FROM billing_customer_balances WHERE customer_id = :customer AND currency = :currency")
                .param("customer", customer).param("currency", currency.code()).query(Long.class).optional().orElse(0L);
    }

    void setBalance(String customer, CurrencyUnit currency, long balance) {
        jdbc.sql("UPDATE billing_customer_balances SET balance = :balance WHERE customer_id = :customer AND currency = :currency")
                .param("balance", balance).param("customer", customer).param("currency", currency.code()).update();
    }
}
