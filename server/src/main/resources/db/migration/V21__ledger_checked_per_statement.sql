-- A posting (one ledger transaction and its entries) is one INSERT statement. It was checked by a
-- foreign key and a deferred balance trigger for every entry row: three lookups of its
-- transaction and three sums of its entries per posting. Now one statement-level trigger checks,
-- once per INSERT into ledger_entries, that every transaction the statement added entries to
-- exists and is balanced: debits equal credits, at least two entries, one currency, the
-- transaction's currency. Stricter than before (balanced at the end of each statement rather
-- than at commit), so a posting spread over several statements is refused, loudly. Entries and
-- transactions stay immutable (ledger_refuse_change), so a transaction cannot lose its entries.
DROP TRIGGER ledger_entries_balanced ON ledger_entries;
DROP FUNCTION ledger_check_balanced();
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_transaction_id_fkey;

CREATE FUNCTION ledger_check_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad RECORD;
BEGIN
    SELECT touched.transaction_id, t.id AS found, t.currency AS expected, s.total, s.entries, s.currencies, s.currency
    INTO bad
    FROM (SELECT DISTINCT transaction_id FROM posted) AS touched
    LEFT JOIN ledger_transactions t ON t.id = touched.transaction_id
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(e.amount), 0) AS total, count(*) AS entries, count(DISTINCT e.currency) AS currencies,
               min(e.currency) AS currency
        FROM ledger_entries e
        WHERE e.transaction_id = touched.transaction_id
    ) s
    WHERE t.id IS NULL OR s.total <> 0 OR s.entries < 2 OR s.currencies <> 1 OR s.currency <> t.currency
    LIMIT 1;
    IF bad.transaction_id IS NOT NULL THEN
        IF bad.found IS NULL THEN
            RAISE EXCEPTION 'ledger entries for transaction % which does not exist', bad.transaction_id;
        END IF;
        RAISE EXCEPTION 'ledger transaction % is unbalanced (sum %, % entries, % currencies, entries in %, transaction in %)',
            bad.transaction_id, bad.total, bad.entries, bad.currencies, bad.currency, bad.expected;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entries_posted AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS posted
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_posted();
