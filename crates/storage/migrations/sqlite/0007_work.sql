-- Work and what follows it: employers with their contacts and vacancies,
-- clients' wishes, mediation to a vacancy, volunteer placements, outflow
-- with aftercare, sanctions, and letters from editable templates. Per-client
-- tables are projections of client_events, written in the same transaction.

-- Months of aftercare (nazorg) after outflow.
ALTER TABLE organisations ADD COLUMN aftercare_months INTEGER NOT NULL DEFAULT 6
    CHECK (aftercare_months BETWEEN 1 AND 24);

CREATE TABLE employers (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sector TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, name)
);

-- The source of "employer contacts in the last four weeks".
CREATE TABLE employer_contacts (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employer_id INTEGER NOT NULL,
    contacted_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'phone', 'email', 'meeting')),
    outcome TEXT NOT NULL,
    employee_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employer_id) REFERENCES employers (organisation_id, id),
    -- The caseworker, and their team when the contact was made.
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, team_id) REFERENCES teams (organisation_id, id)
);
CREATE INDEX employer_contacts_by_day ON employer_contacts (organisation_id, contacted_on);
CREATE INDEX employer_contacts_by_employer ON employer_contacts (employer_id, contacted_on);

CREATE TABLE vacancies (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employer_id INTEGER NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    sector TEXT NOT NULL,
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 40),
    requirements TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'closed')),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employer_id) REFERENCES employers (organisation_id, id),
    FOREIGN KEY (organisation_id, created_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id)
);
CREATE INDEX vacancies_by_employer ON vacancies (employer_id, status);

-- The latest wishes of each client.
CREATE TABLE work_wishes (
    client_id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    sectors TEXT NOT NULL,
    min_hours INTEGER CHECK (min_hours BETWEEN 1 AND 40),
    max_hours INTEGER CHECK (max_hours BETWEEN 1 AND 40),
    remarks TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    CHECK (min_hours IS NULL OR max_hours IS NULL OR min_hours <= max_hours)
);

CREATE TABLE mediations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    vacancy_id INTEGER NOT NULL,
    employer_id INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'hired', 'not_hired', 'withdrawn')),
    ended_on TEXT,
    end_note TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, vacancy_id) REFERENCES vacancies (organisation_id, id),
    UNIQUE (client_id, id),
    -- A client is proposed for a vacancy once.
    UNIQUE (client_id, vacancy_id),
    CHECK ((status = 'open') = (ended_on IS NULL))
);
CREATE INDEX mediations_by_vacancy ON mediations (vacancy_id);

CREATE TABLE mediation_steps (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    mediation_id INTEGER NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('application_support', 'interview_accompanied', 'other')),
    step_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (client_id, mediation_id) REFERENCES mediations (client_id, id)
);
CREATE INDEX mediation_steps_by_client ON mediation_steps (client_id, step_on);

CREATE TABLE volunteer_placements (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    care_organisation_id INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    hours_per_week INTEGER CHECK (hours_per_week BETWEEN 1 AND 40),
    description TEXT NOT NULL,
    ends_on TEXT,
    end_reason TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, care_organisation_id) REFERENCES care_organisations (organisation_id, id),
    UNIQUE (client_id, id),
    CHECK ((ends_on IS NULL) = (end_reason IS NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE outflows (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
    reason TEXT NOT NULL CHECK (reason IN ('paid_work', 'own_business', 'education', 'other')),
    outflow_on TEXT NOT NULL,
    employer TEXT NOT NULL,
    hours_per_week INTEGER CHECK (hours_per_week BETWEEN 1 AND 40),
    note TEXT NOT NULL,
    aftercare_until TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    CHECK (aftercare_until > outflow_on)
);
CREATE INDEX outflows_by_client ON outflows (client_id, outflow_on);
-- Aftercare still running, for the caseload.
CREATE INDEX outflows_aftercare ON outflows (organisation_id, aftercare_until);

CREATE TABLE aftercare_check_ins (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    checked_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id)
);
CREATE INDEX aftercare_check_ins_by_client ON aftercare_check_ins (client_id, checked_on);

CREATE TABLE sanctions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    considered_on TEXT NOT NULL,
    behaviour TEXT NOT NULL,
    legal_basis TEXT NOT NULL CHECK (legal_basis IN ('pw_18_2', 'pw_18_4', 'verordening')),
    consideration TEXT NOT NULL CHECK (length(trim(consideration)) > 0),
    decided_on TEXT,
    decision TEXT CHECK (decision IN ('imposed', 'waived')),
    percent INTEGER CHECK (percent BETWEEN 1 AND 100),
    months INTEGER CHECK (months BETWEEN 1 AND 3),
    decision_reason TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    UNIQUE (client_id, id),
    CHECK ((decided_on IS NULL) = (decision IS NULL)),
    CHECK ((decision = 'imposed') = (percent IS NOT NULL AND months IS NOT NULL)),
    CHECK (decided_on IS NULL OR decided_on >= considered_on)
);

-- The organisation's own wording of a letter; a key without a row uses
-- the default that ships with Zicht.
CREATE TABLE letter_templates (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    key TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body TEXT NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, key)
);

CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    template_key TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    produced_by INTEGER NOT NULL,
    produced_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    UNIQUE (client_id, id)
);
