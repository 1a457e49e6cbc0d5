-- Retention: closed files are anonymised after a term; the processing log
-- is pruned after its own term. Both rewrite what is otherwise append-only,
-- so the guards are narrowed to exactly these acts.

ALTER TABLE organisations ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 10
    CHECK (retention_years BETWEEN 1 AND 100);

-- A client listed here may have the payloads of its events rewritten, once,
-- by the anonymisation; nothing else about an event may ever change.
CREATE TABLE anonymisations (
    client_id INTEGER PRIMARY KEY REFERENCES clients (id),
    anonymised_at TEXT NOT NULL
);

DROP TRIGGER client_events_append_only_update;
CREATE TRIGGER client_events_append_only_update BEFORE UPDATE ON client_events
WHEN NOT EXISTS (SELECT 1 FROM anonymisations a WHERE a.client_id = OLD.client_id)
    OR NEW.id <> OLD.id OR NEW.client_id <> OLD.client_id OR NEW.seq <> OLD.seq OR NEW.kind <> OLD.kind
    OR NEW.actor_employee_id <> OLD.actor_employee_id OR NEW.occurred_at <> OLD.occurred_at
    OR NEW.organisation_id <> OLD.organisation_id
BEGIN
    SELECT RAISE(ABORT, 'client_events is append-only');
END;

-- Records up to `upto_id` were removed after the log's term; `last_hash` is
-- the hash of the last of them, where the remaining chain continues.
CREATE TABLE processing_log_pruned (
    upto_id INTEGER PRIMARY KEY,
    last_hash TEXT NOT NULL,
    pruned_at TEXT NOT NULL
);

DROP TRIGGER processing_log_append_only_delete;
CREATE TRIGGER processing_log_append_only_delete BEFORE DELETE ON processing_log
WHEN OLD.id > coalesce((SELECT max(upto_id) FROM processing_log_pruned), 0)
BEGIN
    SELECT RAISE(ABORT, 'processing_log is append-only');
END;
