-- The guard on roster runs: a wrong file must not rewrite the register.
-- Before a run changes anything its impact is worked out; a run is applied,
-- refused (no valid row), awaiting confirmation (too many benefit statuses
-- would change, or far fewer rows than the last applied run) or lapsed (was
-- awaiting, then cancelled or overtaken). Runs from before have been applied.

-- Percent of open clients whose benefit status a run may change unconfirmed.
ALTER TABLE organisations ADD COLUMN roster_confirm_share INTEGER NOT NULL DEFAULT 10
    CHECK (roster_confirm_share BETWEEN 1 AND 100);

ALTER TABLE roster_runs ADD COLUMN status TEXT NOT NULL DEFAULT 'applied'
    CHECK (status IN ('applied', 'refused', 'awaiting_confirmation', 'lapsed'));
-- Why a run was refused or needed confirmation: message codes, comma-separated.
ALTER TABLE roster_runs ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
-- The impact as the guard saw it; NULL for runs from before the guard.
ALTER TABLE roster_runs ADD COLUMN open_clients INTEGER;
ALTER TABLE roster_runs ADD COLUMN status_changes INTEGER;
ALTER TABLE roster_runs ADD COLUMN previous_rows INTEGER;
-- Who confirmed a run that needed confirmation.
ALTER TABLE roster_runs ADD COLUMN confirmed_by INTEGER REFERENCES employees (id);

-- A file uploaded on the page that awaits confirmation, kept only until it
-- is confirmed, cancelled or overtaken (it holds personal data).
CREATE TABLE roster_pending_files (
    run_id INTEGER PRIMARY KEY REFERENCES roster_runs (id),
    register_ghosts BOOLEAN NOT NULL,
    content BLOB NOT NULL
);
