-- Stored answers that show a secret (a webhook endpoint's creation or secret rotation) are
-- sealed with the secrets key (docs/security.md). After a key rotation a job re-seals those
-- under an earlier key; this index holds only the sealed rows (few), so the job never scans
-- the table.
CREATE INDEX idempotency_keys_sealed_idx ON idempotency_keys (idempotency_key)
    WHERE substring(response_body FROM 1 FOR 5) = CAST('sbx1.' AS bytea);
