-- A refused attempt on a person's file is logged with its own status,
-- `denied` (BIO 12.4.1), not as an error. SQLite cannot change a CHECK
-- constraint, so the table is rebuilt: the same rows with the same ids and
-- MACs (the chain does not change), under the new constraint, with its index
-- and its append-only triggers as before. Dropping a table fires no
-- triggers.
CREATE TABLE processing_log_new (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    trace_id TEXT NOT NULL CHECK (length(trace_id) = 32),
    span_id TEXT NOT NULL CHECK (length(span_id) = 16),
    parent_span_id TEXT,
    operation TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'denied')),
    actor_employee_id INTEGER NOT NULL,
    processing_activity TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_id_type TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
INSERT INTO processing_log_new (
    id, organisation_id, trace_id, span_id, parent_span_id, operation,
    started_at, ended_at, status, actor_employee_id, processing_activity,
    subject_id, subject_id_type, prev_hash, hash
)
SELECT
    id, organisation_id, trace_id, span_id, parent_span_id, operation,
    started_at, ended_at, status, actor_employee_id, processing_activity,
    subject_id, subject_id_type, prev_hash, hash
FROM processing_log;
DROP TABLE processing_log;
ALTER TABLE processing_log_new RENAME TO processing_log;
CREATE INDEX processing_log_by_subject ON processing_log (organisation_id, subject_id, started_at);
CREATE TRIGGER processing_log_append_only_update BEFORE UPDATE ON processing_log
BEGIN
    SELECT RAISE(ABORT, 'processing_log is append-only');
END;
CREATE TRIGGER processing_log_append_only_delete BEFORE DELETE ON processing_log
WHEN OLD.id > coalesce((SELECT max(upto_id) FROM processing_log_pruned), 0)
BEGIN
    SELECT RAISE(ABORT, 'processing_log is append-only');
END;
