-- Logboek Dataverwerkingen: one record per action per data subject, chained
-- by hashes so that any change to an earlier record is detectable.

CREATE TABLE processing_log (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    trace_id TEXT NOT NULL CHECK (length(trace_id) = 32),
    span_id TEXT NOT NULL CHECK (length(span_id) = 16),
    parent_span_id TEXT,
    operation TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    actor_employee_id INTEGER NOT NULL,
    processing_activity TEXT NOT NULL,
    -- HMAC-SHA256 of the BSN with the organisation's log key: the same person
    -- gives the same value, but the BSN cannot be read from the log.
    subject_id TEXT NOT NULL,
    subject_id_type TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX processing_log_by_subject ON processing_log (organisation_id, subject_id, started_at);
CREATE TRIGGER processing_log_append_only_update BEFORE UPDATE ON processing_log
BEGIN
    SELECT RAISE(ABORT, 'processing_log is append-only');
END;
CREATE TRIGGER processing_log_append_only_delete BEFORE DELETE ON processing_log
BEGIN
    SELECT RAISE(ABORT, 'processing_log is append-only');
END;

-- The key for pseudonymising data subjects in the log; made on first use.
ALTER TABLE organisations ADD COLUMN log_key TEXT;
