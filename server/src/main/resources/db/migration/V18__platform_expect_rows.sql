-- For writes sent with their transaction's COMMIT in one round trip (platform.WriteBehind): a
-- write that must change exactly the rows it names (an update of the version it read) is sent as
--   WITH changed AS (<the write> RETURNING 1) SELECT platform_expect_rows(count(*), 1, '<what>') FROM changed
-- and fails, and with it the whole transaction, when another transaction changed the row first.
-- serialization_failure: a concurrent transaction changed what this one relied on.
CREATE FUNCTION platform_expect_rows(changed_rows bigint, expected_rows bigint, what text) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    IF changed_rows <> expected_rows THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = format('%s: expected %s row(s) to change, %s did', what, expected_rows, changed_rows);
    END IF;
    RETURN changed_rows;
END
$$;
