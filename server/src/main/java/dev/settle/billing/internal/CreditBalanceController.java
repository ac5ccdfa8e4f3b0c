package dev.settle.billing.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.customers.CustomerId;
import dev.settle.customers.Customers;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A customer's invoice credit balance per currency, as finalizing invoices moves it (docs/billing.md):
 * negative is credit the customer holds, which the next invoices consume. A read of the rows
 * {@link InvoiceBooks} keeps; currencies never used are absent.
 */
@RestController
@Tag(name = "Invoices")
class CreditBalanceController {

    private final JdbcClient jdbc;
    private final Customers customers;

    CreditBalanceController(JdbcClient jdbc, Customers customers) {
        this.jdbc = jdbc;
        this.customers = customers;
    }

    record CreditBalanceView(String object, String customer, boolean livemode, Map<String, Long> balances) {
    }

    private static final String BALANCES = """
            SELECT currency, balance
            FROM billing_customer_balances
            WHERE customer_id = :customer
              AND account_id = :account
              AND livemode = :livemode
            ORDER BY currency
            """;

    @GetMapping("/v1/customers/{id}/credit_balance")
    @Operation(operationId = "retrieveCustomerCreditBalance", summary = "Retrieve a customer's credit balance",
            description = "balances: minor units per lowercase currency; negative is credit the customer holds (applied when the "
                    + "next invoice in that currency is finalized). Currencies the customer was never invoiced in are absent.")
    CreditBalanceView retrieve(Tenant tenant, @PathVariable String id) {
        CustomerId customer = customers.require(tenant, id, "id");
        Map<String, Long> balances = new LinkedHashMap<>();
        jdbc.sql(BALANCES).param("customer", customer.value()).param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query((rs, row) -> balances.put(rs.getString("currency").toLowerCase(Locale.ROOT), rs.getLong("balance")))
                .list();
        return new CreditBalanceView("customer_credit_balance", customer.value(), tenant.livemode(), balances);
    }
}
