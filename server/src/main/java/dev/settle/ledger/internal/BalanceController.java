package dev.settle.ledger.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.ledger.LedgerAccount;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Money;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Balance")
class BalanceController {

    private static final List<String> VISIBLE_TYPES = List.of("charge", "refund", "refund_failure", "adjustment", "payout", "invoice",
            "invoice_payment", "invoice_void", "invoice_uncollectible");

    private final LedgerRepository ledger;

    BalanceController(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    record Amount(long amount, String currency) {

        static List<Amount> of(List<Money> balances) {
            return balances.stream().map(money -> new Amount(money.minor(), money.currency().code())).toList();
        }
    }

    record BalanceView(String object, boolean livemode, List<Amount> available, List<Amount> pending) {
    }

    record BalanceTransactionView(String id, String object, String type, String source, long amount, long fee, long net,
            String currency, String status, @Nullable Long availableOn, @Nullable String description, long created) {

        static BalanceTransactionView of(LedgerRepository.BalanceTransaction txn) {
            return new BalanceTransactionView(txn.id(), "balance_transaction", txn.type(), txn.sourceId(), txn.amount(),
                    txn.fee(), txn.net(), txn.currency(), txn.available() ? "available" : "pending",
                    txn.availableOn() == null ? null : txn.availableOn().getEpochSecond(), txn.description(),
                    txn.created().getEpochSecond());
        }
    }

    @GetMapping("/v1/balance")
    @Operation(operationId = "retrieveBalance", summary = "Retrieve the balance",
            description = "Funds the processor owes, per currency. pending: captured, not yet available. available: released funds less refunds in flight. Each is a sum of ledger entries.")
    BalanceView balance(Tenant tenant) {
        java.util.Map<String, Long> available = new java.util.TreeMap<>();
        ledger.balances(tenant, LedgerAccount.RECEIVABLE_AVAILABLE).forEach(m -> available.merge(m.currency().code(), m.minor(), Long::sum));
        ledger.balances(tenant, LedgerAccount.REFUNDS_PENDING).forEach(m -> available.merge(m.currency().code(), m.minor(), Long::sum));
        return new BalanceView("balance", tenant.livemode(),
                available.entrySet().stream().map(e -> new Amount(e.getValue(), e.getKey())).toList(),
                Amount.of(ledger.balances(tenant, LedgerAccount.RECEIVABLE_PENDING)));
    }

    @GetMapping("/v1/balance_transactions/{id}")
    @Operation(operationId = "retrieveBalanceTransaction", summary = "Retrieve a balance transaction")
    BalanceTransactionView retrieve(Tenant tenant, @PathVariable String id) {
        return ledger.find(tenant, id).map(BalanceTransactionView::of)
                .orElseThrow(() -> new ResourceNotFoundException("balance_transaction", id, "id"));
    }

    @GetMapping("/v1/balance_transactions")
    @Operation(operationId = "listBalanceTransactions", summary = "List balance transactions",
            description = "Newest first. Filter by source (a charge or refund id) or type (charge, refund, refund_failure, adjustment, payout, invoice, invoice_payment, invoice_void, invoice_uncollectible).")
    ListPage<BalanceTransactionView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String source,
            @RequestParam(required = false) @Nullable String type) {
        if (type != null && !VISIBLE_TYPES.contains(type)) {
            throw InvalidRequestException.invalidParam("type", "type must be one of " + String.join(", ", VISIBLE_TYPES) + ".");
        }
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(ledger.list(tenant, params, source, type), params, "/v1/balance_transactions")
                .map(BalanceTransactionView::of);
    }

}
