-- The effectenkaart: settings for its indicators, a feed of the history for
-- keeping them live, and result agreements (resultaatafspraken).

-- Clients per 40-hour week above which a caseworker's caseload is flagged.
ALTER TABLE organisations ADD COLUMN caseload_ceiling INTEGER NOT NULL DEFAULT 150
    CHECK (caseload_ceiling BETWEEN 1 AND 1000);
-- A return to benefit within this many months after outflow is not durable.
ALTER TABLE organisations ADD COLUMN return_window_months INTEGER NOT NULL DEFAULT 12
    CHECK (return_window_months IN (6, 12, 24));

-- The organisation's events in the order they were appended.
CREATE INDEX client_events_feed ON client_events (organisation_id, id);

-- A target for exactly one team or one caseworker of the organisation over a
-- period. Withdrawn agreements stay, marked by whom and when.
CREATE TABLE result_agreements (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    team_id INTEGER,
    employee_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('outflow', 'lead_time_days', 'in_trajectory', 'positive_development')),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target BETWEEN 1 AND 100000),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    withdrawn_by INTEGER,
    withdrawn_at TEXT,
    FOREIGN KEY (organisation_id, team_id) REFERENCES teams (organisation_id, id),
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, created_by) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, withdrawn_by) REFERENCES employees (organisation_id, id),
    CHECK ((team_id IS NULL) <> (employee_id IS NULL)),
    CHECK (period_from <= period_to),
    CHECK ((withdrawn_by IS NULL) = (withdrawn_at IS NULL))
);
CREATE INDEX result_agreements_by_org ON result_agreements (organisation_id, period_from);
