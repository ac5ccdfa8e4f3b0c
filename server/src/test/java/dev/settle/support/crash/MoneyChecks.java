package dev.settle.support.crash;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The money rules, read straight from the database once everything has settled: the ledger,
 * Settle's charges against the simulator's, and what the API acknowledged. Each load request pays
 * with a payment method of its own and carries its Idempotency-Key in its metadata, so "one
 * request, one payment" is checkable too.
 */
final class MoneyChecks {

    private MoneyChecks() {
    }

    private static final String UNBALANCED = """
            SELECT t.id, t.type, t.currency, coalesce(sum(e.amount), 0) AS sum, count(e.id) AS entries,
                   count(e.id) FILTER (WHERE e.currency <> t.currency OR e.account_id <> t.account_id
                                          OR e.livemode <> t.livemode) AS foreign_entries
            FROM ledger_transactions t
            LEFT JOIN ledger_entries e ON e.transaction_id = t.id
            GROUP BY t.id
            HAVING coalesce(sum(e.amount), 0) <> 0
                OR count(e.id) < 2
                OR count(e.id) FILTER (WHERE e.currency <> t.currency OR e.account_id <> t.account_id
                                          OR e.livemode <> t.livemode) > 0
            """;

    private static final String CHARGE_POSTINGS = """
            SELECT c.id, c.status, c.captured, count(t.id) AS postings, c.amount_captured, max(t.amount) AS posted,
                   c.fee, max(t.fee) AS posted_fee
            FROM payments_charges c
            LEFT JOIN ledger_transactions t
                   ON t.type = 'charge' AND t.source_id = c.id AND t.account_id = c.account_id AND t.livemode = c.livemode
            GROUP BY c.id
            HAVING count(t.id) <> CASE WHEN c.status = 'succeeded' AND c.captured THEN 1 ELSE 0 END
                OR max(t.amount) <> c.amount_captured
                OR max(t.fee) <> c.fee
            """;

    private static final String POSTINGS_WITHOUT_CHARGE = """
            SELECT t.id, t.source_id, t.amount
            FROM ledger_transactions t
            WHERE t.type = 'charge'
              AND NOT EXISTS (SELECT 1 FROM payments_charges c WHERE c.id = t.source_id)
            """;

    private static final String INTENT_CHARGED_TWICE = """
            SELECT c.payment_intent_id, count(*) AS processor_charges, string_agg(c.id, ' ') AS charges
            FROM payments_charges c
            JOIN simulator.charges s ON s.idempotency_key = 'settle_' || c.id
            WHERE s.status = 'succeeded'
            GROUP BY c.payment_intent_id
            HAVING count(*) > 1
            """;

    private static final String CARD_CHARGED_TWICE = """
            SELECT s.token_id, count(*) AS processor_charges, string_agg(s.id || ' key ' || s.idempotency_key, ', ') AS charges
            FROM simulator.charges s
            WHERE s.status = 'succeeded'
            GROUP BY s.token_id
            HAVING count(*) > 1
            """;

    private static final String CHARGE_DISAGREES = """
            SELECT coalesce(c.id, s.idempotency_key) AS charge, c.payment_intent_id AS intent, c.status AS settle_status,
                   c.processor_state, c.amount_captured AS settle_captured, s.id AS processor_charge,
                   s.status AS processor_status, s.amount_captured AS processor_captured
            FROM payments_charges c
            FULL JOIN simulator.charges s ON s.idempotency_key = 'settle_' || c.id
            WHERE (coalesce(c.status, '') = 'succeeded') <> (coalesce(s.status, '') = 'succeeded')
               OR c.amount_captured <> s.amount_captured
            """;

    private static final String INTENT_DISAGREES = """
            SELECT i.id, i.status, i.amount_received,
                   count(c.id) FILTER (WHERE c.status = 'succeeded') AS succeeded_charges,
                   coalesce(sum(c.amount_captured), 0) AS captured
            FROM payments_intents i
            LEFT JOIN payments_charges c ON c.payment_intent_id = i.id
            GROUP BY i.id
            HAVING count(c.id) FILTER (WHERE c.status = 'succeeded') <> CASE WHEN i.status = 'succeeded' THEN 1 ELSE 0 END
                OR i.amount_received <> coalesce(sum(c.amount_captured), 0)
            """;

    private static final String LEFT_PROCESSING = """
            SELECT i.id, c.id AS charge, c.processor_state, c.check_attempts, c.needs_review, c.next_check_at,
                   i.updated_at
            FROM payments_intents i
            LEFT JOIN payments_charges c ON c.id = i.latest_charge_id
            WHERE i.status = 'processing'
            """;

    private static final String ACKNOWLEDGED_INTENT_LOST = """
            SELECT a.id
            FROM unnest(?::text[]) AS a (id)
            WHERE NOT EXISTS (SELECT 1 FROM payments_intents i WHERE i.id = a.id)
            """;

    private static final String SUCCEEDED_NO_LONGER = """
            SELECT a.id, i.status
            FROM unnest(?::text[]) AS a (id)
            JOIN payments_intents i ON i.id = a.id
            WHERE i.status <> 'succeeded'
            """;

    private static final String ONE_REQUEST_TWO_INTENTS = """
            SELECT metadata ->> 'request' AS request, count(*) AS intents, string_agg(id, ' ') AS ids
            FROM payments_intents
            WHERE metadata ->> 'request' IS NOT NULL
            GROUP BY 1
            HAVING count(*) > 1
            """;

    private static final String ONE_METHOD_TWO_INTENTS = """
            SELECT payment_method_id, count(*) AS intents, string_agg(id, ' ') AS ids
            FROM payments_intents
            WHERE payment_method_id IS NOT NULL
            GROUP BY 1
            HAVING count(*) > 1
            """;

    private static final String REFUND_POSTINGS = """
            SELECT r.id, r.status,
                   count(t.id) FILTER (WHERE t.type = 'refund') AS holds,
                   count(t.id) FILTER (WHERE t.type = 'refund_settlement') AS settlements,
                   count(t.id) FILTER (WHERE t.type = 'refund_failure') AS reversals
            FROM refunds r
            LEFT JOIN ledger_transactions t ON t.source_id = r.id AND t.account_id = r.account_id AND t.livemode = r.livemode
            GROUP BY r.id
            HAVING count(t.id) FILTER (WHERE t.type = 'refund') <> 1
                OR count(t.id) FILTER (WHERE t.type = 'refund_settlement') <> CASE WHEN r.status = 'succeeded' THEN 1 ELSE 0 END
                OR count(t.id) FILTER (WHERE t.type = 'refund_failure')
                       <> CASE WHEN r.status IN ('failed', 'canceled') THEN 1 ELSE 0 END
            """;

    private static final String REFUND_LEFT_PENDING = """
            SELECT id, processor_state, check_attempts, needs_review, next_check_at
            FROM refunds
            WHERE status = 'pending'
            """;

    private static final String REFUNDED_AMOUNTS_DISAGREE = """
            SELECT c.id, c.amount_captured, c.amount_refunded, c.amount_refund_pending,
                   coalesce(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) AS refunds_succeeded,
                   coalesce(sum(r.amount) FILTER (WHERE r.status = 'pending'), 0) AS refunds_pending
            FROM payments_charges c
            LEFT JOIN refunds r ON r.charge_id = c.id
            GROUP BY c.id
            HAVING c.amount_refunded <> coalesce(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0)
                OR c.amount_refund_pending <> coalesce(sum(r.amount) FILTER (WHERE r.status = 'pending'), 0)
            """;

    private static final String REFUND_DISAGREES = """
            SELECT coalesce(r.id, s.idempotency_key) AS refund, r.status AS settle_status, s.id AS processor_refund,
                   s.status AS processor_status
            FROM refunds r
            FULL JOIN simulator.refunds s ON s.idempotency_key = 'settle_' || r.id
            WHERE (coalesce(r.status, '') = 'succeeded') <> (coalesce(s.status, '') = 'succeeded')
               OR r.amount <> s.amount
            """;

    private static final String ONE_REQUEST_TWO_REFUNDS = """
            SELECT metadata ->> 'request' AS request, count(*) AS refunds, string_agg(id, ' ') AS ids
            FROM refunds
            WHERE metadata ->> 'request' IS NOT NULL
            GROUP BY 1
            HAVING count(*) > 1
            """;

    private static final String ACKNOWLEDGED_REFUND_LOST = """
            SELECT a.id
            FROM unnest(?::text[]) AS a (id)
            WHERE NOT EXISTS (SELECT 1 FROM refunds r WHERE r.id = a.id)
            """;

    static List<Violation> run(Sql sql, Acknowledged acknowledged) throws SQLException {
        List<Violation> found = new ArrayList<>();
        found.addAll(sql.violations("ledger transaction not balanced", UNBALANCED));
        found.addAll(sql.violations("charge not posted exactly once per capture", CHARGE_POSTINGS));
        found.addAll(sql.violations("charge posting without a charge", POSTINGS_WITHOUT_CHARGE));
        found.addAll(sql.violations("payment intent charged more than once at the processor", INTENT_CHARGED_TWICE));
        found.addAll(sql.violations("card charged more than once at the processor", CARD_CHARGED_TWICE));
        found.addAll(sql.violations("Settle and the processor disagree on a charge", CHARGE_DISAGREES));
        found.addAll(sql.violations("payment intent disagrees with its charges", INTENT_DISAGREES));
        found.addAll(sql.violations("payment intent left processing", LEFT_PROCESSING));
        found.addAll(sql.violations("acknowledged payment intent lost", ACKNOWLEDGED_INTENT_LOST, acknowledged.intents));
        found.addAll(sql.violations("payment acknowledged as succeeded is no longer succeeded", SUCCEEDED_NO_LONGER,
                acknowledged.succeededIntents));
        found.addAll(sql.violations("one request made more than one payment intent", ONE_REQUEST_TWO_INTENTS));
        found.addAll(sql.violations("one payment method paid more than one payment intent", ONE_METHOD_TWO_INTENTS));
        found.addAll(sql.violations("refund not posted as its status requires", REFUND_POSTINGS));
        found.addAll(sql.violations("refund left pending", REFUND_LEFT_PENDING));
        found.addAll(sql.violations("charge's refunded amounts disagree with its refunds", REFUNDED_AMOUNTS_DISAGREE));
        found.addAll(sql.violations("Settle and the processor disagree on a refund", REFUND_DISAGREES));
        found.addAll(sql.violations("one request made more than one refund", ONE_REQUEST_TWO_REFUNDS));
        found.addAll(sql.violations("acknowledged refund lost", ACKNOWLEDGED_REFUND_LOST, acknowledged.refunds));
        return found;
    }
}
