-- The audit log: who did what to which object, when, from where, with the fields it changed
-- (before/after; never a secret). Append-only: the trigger below refuses every UPDATE, every
-- TRUNCATE, and every DELETE except the retention purge through tenancy_audit_purge(), which
-- deletes only entries older than its cutoff and never younger than a day (docs/security.md).
CREATE TABLE tenancy_audit_log (
    id          TEXT        PRIMARY KEY,
    account_id  TEXT        NOT NULL,
    -- NULL for actions on the account as a whole (listed in both modes).
    livemode    BOOLEAN,
    action      TEXT        NOT NULL,
    actor_type  TEXT        NOT NULL CHECK (actor_type IN ('api_key', 'user', 'operator', 'system')),
    actor_id    TEXT,
    ip          TEXT,
    request_id  TEXT,
    object_type TEXT        NOT NULL,
    object_id   TEXT        NOT NULL,
    changes     JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX tenancy_audit_log_list_idx ON tenancy_audit_log (account_id, created_at DESC, id DESC);
CREATE INDEX tenancy_audit_log_object_idx ON tenancy_audit_log (account_id, object_id, created_at DESC);
CREATE INDEX tenancy_audit_log_created_idx ON tenancy_audit_log (created_at);

CREATE FUNCTION tenancy_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('settle.audit_purge_before', true) IS NOT NULL
       AND current_setting('settle.audit_purge_before', true) <> ''
       AND OLD.created_at < CAST(current_setting('settle.audit_purge_before', true) AS timestamptz) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'tenancy_audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER tenancy_audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON tenancy_audit_log
    FOR EACH ROW EXECUTE FUNCTION tenancy_audit_log_append_only();

CREATE TRIGGER tenancy_audit_log_no_truncate
    BEFORE TRUNCATE ON tenancy_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION tenancy_audit_log_append_only();

-- The one way entries leave: at most `batch` entries created before `cutoff`, which must lie at
-- least a day in the past. SECURITY DEFINER, so an installation can revoke DELETE on the table
-- from the application's role and grant it EXECUTE on this function only.
CREATE FUNCTION tenancy_audit_purge(cutoff TIMESTAMPTZ, batch INT) RETURNS INT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    deleted INT;
BEGIN
    IF cutoff > now() - interval '1 day' THEN
        RAISE EXCEPTION 'audit entries are kept at least a day (cutoff % is too recent)', cutoff;
    END IF;
    PERFORM set_config('settle.audit_purge_before', CAST(cutoff AS text), true);
    DELETE FROM tenancy_audit_log
    WHERE id = ANY (ARRAY(SELECT id
                          FROM tenancy_audit_log
                          WHERE created_at < cutoff
                          ORDER BY created_at
                          LIMIT batch));
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('settle.audit_purge_before', '', true);
    RETURN deleted;
END;
$$;
