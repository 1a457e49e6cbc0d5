-- Core register. Every row carries its organisation (tenant); composite
-- foreign keys make cross-tenant references impossible.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    handover_overdue_working_days INTEGER NOT NULL DEFAULT 5 CHECK (handover_overdue_working_days BETWEEN 1 AND 60),
    no_contact_weeks INTEGER NOT NULL DEFAULT 13 CHECK (no_contact_weeks BETWEEN 1 AND 104)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('intake', 'werk', 'participatie', 'sw_bedrijf', 'inkomen')),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, name)
);

CREATE TABLE employees (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email TEXT NOT NULL,
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    FOREIGN KEY (organisation_id, team_id) REFERENCES teams (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, team_id, id),
    UNIQUE (organisation_id, email)
);

-- Current state of each client, kept in step with client_events.
-- The owner columns are NOT NULL and reference (team, employee) together:
-- an open client always has exactly one team and one caseworker of that team.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    bsn TEXT NOT NULL CHECK (length(bsn) = 9),
    name TEXT NOT NULL,
    birth_date TEXT,
    particulars TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL CHECK (phase IN ('intake', 'diagnose', 'activering', 'bemiddeling', 'nazorg', 'uitgestroomd')),
    benefit_status TEXT NOT NULL DEFAULT 'unknown' CHECK (benefit_status IN ('unknown', 'active', 'ended', 'not_in_roster')),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_reason TEXT,
    closed_at TEXT,
    owner_team_id INTEGER NOT NULL,
    owner_employee_id INTEGER NOT NULL,
    last_contact_on TEXT,
    next_contact_on TEXT,
    registered_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    FOREIGN KEY (organisation_id, owner_team_id, owner_employee_id)
        REFERENCES employees (organisation_id, team_id, id),
    UNIQUE (organisation_id, id),
    CHECK ((status = 'open' AND closed_reason IS NULL AND closed_at IS NULL)
        OR (status = 'closed' AND length(trim(closed_reason)) > 0 AND closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX clients_one_open_per_bsn ON clients (organisation_id, bsn) WHERE status = 'open';
CREATE INDEX clients_by_owner ON clients (organisation_id, owner_employee_id, status);
CREATE INDEX clients_by_team ON clients (organisation_id, owner_team_id, status);
CREATE INDEX clients_by_bsn ON clients (organisation_id, bsn);

CREATE TABLE handovers (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    from_team_id INTEGER NOT NULL,
    from_employee_id INTEGER NOT NULL,
    to_team_id INTEGER NOT NULL,
    to_employee_id INTEGER,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    work_done TEXT NOT NULL,
    particulars TEXT NOT NULL,
    agreements TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'returned', 'withdrawn')),
    offered_by INTEGER NOT NULL,
    offered_at TEXT NOT NULL,
    settled_by INTEGER,
    settled_at TEXT,
    return_reason TEXT,
    accepted_employee_id INTEGER,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, from_team_id, from_employee_id) REFERENCES employees (organisation_id, team_id, id),
    FOREIGN KEY (organisation_id, to_team_id) REFERENCES teams (organisation_id, id),
    FOREIGN KEY (organisation_id, to_team_id, to_employee_id) REFERENCES employees (organisation_id, team_id, id),
    FOREIGN KEY (organisation_id, to_team_id, accepted_employee_id) REFERENCES employees (organisation_id, team_id, id),
    CHECK (from_team_id <> to_team_id),
    CHECK ((status = 'pending') = (settled_at IS NULL)),
    CHECK (status <> 'returned' OR length(trim(return_reason)) > 0),
    CHECK ((status = 'accepted') = (accepted_employee_id IS NOT NULL))
);
-- At most one pending handover per client, whatever races happen.
CREATE UNIQUE INDEX handovers_one_pending ON handovers (client_id) WHERE status = 'pending';
CREATE INDEX handovers_to_team ON handovers (organisation_id, to_team_id, status);
CREATE INDEX handovers_from_team ON handovers (organisation_id, from_team_id, status);
CREATE INDEX handovers_by_client ON handovers (client_id);

-- The append-only history. seq numbers each client's events from 1 without gaps.
CREATE TABLE client_events (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor_employee_id INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, actor_employee_id) REFERENCES employees (organisation_id, id),
    UNIQUE (client_id, seq)
);
CREATE TRIGGER client_events_append_only_update BEFORE UPDATE ON client_events
BEGIN
    SELECT RAISE(ABORT, 'client_events is append-only');
END;
CREATE TRIGGER client_events_append_only_delete BEFORE DELETE ON client_events
BEGIN
    SELECT RAISE(ABORT, 'client_events is append-only');
END;

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    contact_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('gesprek', 'telefoon', 'email', 'huisbezoek')),
    with_whom TEXT NOT NULL,
    summary TEXT NOT NULL,
    next_contact_on TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX contacts_by_client ON contacts (client_id, contact_on);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    assessed_on TEXT NOT NULL,
    on_time INTEGER NOT NULL CHECK (on_time IN (0, 1)),
    commitment INTEGER NOT NULL CHECK (commitment IN (0, 1)),
    accepts_direction INTEGER NOT NULL CHECK (accepts_direction IN (0, 1)),
    says_in_time INTEGER NOT NULL CHECK (says_in_time IN (0, 1)),
    dresses_for_work INTEGER NOT NULL CHECK (dresses_for_work IN (0, 1)),
    remarks TEXT NOT NULL,
    assessor_id INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, assessor_id) REFERENCES employees (organisation_id, id)
);
CREATE INDEX assessments_by_client ON assessments (client_id, assessed_on, id);

-- The latest roster of the benefits administration, one row per person.
CREATE TABLE benefits (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    bsn TEXT NOT NULL CHECK (length(bsn) = 9),
    name TEXT NOT NULL,
    benefit_start TEXT NOT NULL,
    benefit_end TEXT,
    run_id INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, bsn)
);

CREATE TABLE roster_runs (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    rows_total INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    ghosts INTEGER NOT NULL,
    ghosts_registered INTEGER NOT NULL,
    benefit_ended INTEGER NOT NULL,
    not_in_roster INTEGER NOT NULL,
    no_contact INTEGER NOT NULL,
    overdue_handovers INTEGER NOT NULL,
    FOREIGN KEY (organisation_id, imported_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX roster_runs_by_org ON roster_runs (organisation_id, id);

CREATE TABLE roster_ghosts (
    run_id INTEGER NOT NULL REFERENCES roster_runs (id),
    line INTEGER NOT NULL,
    bsn TEXT NOT NULL,
    name TEXT NOT NULL,
    benefit_start TEXT NOT NULL,
    benefit_end TEXT,
    registered_as INTEGER,
    PRIMARY KEY (run_id, bsn)
);
