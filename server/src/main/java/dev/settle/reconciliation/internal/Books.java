package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.ChargeCaptured;
import dev.settle.platform.WriteBehind;
import dev.settle.refunds.RefundSucceeded;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/**
 * Settle's side of the books as reconciliation needs it: each captured charge and succeeded
 * refund with the processor's reference, amount, fee and currency. Written in the transaction
 * that records the capture or refund (a synchronous listener, its insert sent with the commit),
 * so every committed one is here; never read from payments' or refunds' tables.
 */
@Component
class Books {

    private final WriteBehind writes;

    Books(WriteBehind writes) {
        this.writes = writes;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ChargeCaptured captured) {
        record(captured.tenant(), captured.processorReference(), captured.processor(), "charge", captured.charge().value(),
                captured.amount(), captured.fee().minor(), captured.at());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(RefundSucceeded succeeded) {
        record(succeeded.tenant(), succeeded.processorReference(), succeeded.processor(), "refund", succeeded.refund(),
                succeeded.amount().negate(), Math.negateExact(succeeded.feeReturned().minor()), succeeded.at());
    }

    private static final String INSERT = """
            INSERT INTO reconciliation_books (account_id, livemode, reference, processor, kind, object_id, amount, fee, currency,
                                              occurred_at)
            VALUES (:account, :livemode, :reference, :processor, :kind, :object, :amount, :fee, :currency, :at)
            ON CONFLICT (account_id, livemode, reference) DO NOTHING
            """;

    private void record(Tenant tenant, @Nullable String reference, String processor, String kind, String objectId, Money amount,
            long fee, java.time.Instant at) {
        if (reference == null) {
            return;
        }
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("account", tenant.accountId());
        params.put("livemode", tenant.livemode());
        params.put("reference", reference);
        params.put("processor", processor);
        params.put("kind", kind);
        params.put("object", objectId);
        params.put("amount", amount.minor());
        params.put("fee", fee);
        params.put("currency", amount.currency().code());
        params.put("at", Timestamp.from(at));
        writes.sql(INSERT).params(params).defer();
    }
}
