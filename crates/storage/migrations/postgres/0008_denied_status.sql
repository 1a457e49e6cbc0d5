-- A refused attempt on a person's file is logged with its own status,
-- `denied` (BIO 12.4.1), not as an error. Existing rows are only checked,
-- not changed, so the append-only triggers and the chain are untouched.
ALTER TABLE processing_log DROP CONSTRAINT processing_log_status_check;
ALTER TABLE processing_log
    ADD CONSTRAINT processing_log_status_check CHECK (status IN ('ok', 'error', 'denied'));
