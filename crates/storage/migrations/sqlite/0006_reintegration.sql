-- The re-integration process: the organisation's catalogue, providers and
-- care organisations, which instruments a phase requires, and per client the
-- diagnosis, trajectplan, provider reports and care referrals. The per-client
-- tables are projections of client_events, written in the same transaction.

-- Days a care referral may wait for the client to arrive before it is flagged.
ALTER TABLE organisations ADD COLUMN care_arrival_days INTEGER NOT NULL DEFAULT 14
    CHECK (care_arrival_days BETWEEN 1 AND 365);

CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, name)
);

-- A provider's user is an employee account with role 'aanbieder' and the
-- provider it works for; it sees only clients referred to that provider.
ALTER TABLE employees ADD COLUMN provider_id INTEGER REFERENCES providers (id);

CREATE TABLE provider_contracts (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL,
    reference TEXT NOT NULL CHECK (length(trim(reference)) > 0),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    description TEXT NOT NULL,
    FOREIGN KEY (organisation_id, provider_id) REFERENCES providers (organisation_id, id),
    UNIQUE (organisation_id, id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

-- In-house modules and products bought from providers.
CREATE TABLE catalogue_items (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('in_house', 'bought')),
    provider_id INTEGER,
    contract_id INTEGER,
    description TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    FOREIGN KEY (organisation_id, provider_id) REFERENCES providers (organisation_id, id),
    FOREIGN KEY (organisation_id, contract_id) REFERENCES provider_contracts (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, name),
    CHECK ((kind = 'bought') = (provider_id IS NOT NULL)),
    CHECK (contract_id IS NULL OR provider_id IS NOT NULL)
);

CREATE TABLE care_organisations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('care', 'support', 'volunteering')),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, name)
);

-- Comply or explain: leaving a phase listed here needs the instrument used
-- in it, or an explanation.
CREATE TABLE instrument_requirements (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    phase TEXT NOT NULL CHECK (phase IN ('intake', 'diagnose', 'activering', 'bemiddeling', 'nazorg', 'uitgestroomd')),
    instrument TEXT NOT NULL CHECK (instrument IN ('participatieladder', 'zrm')),
    PRIMARY KEY (organisation_id, phase, instrument)
);

CREATE TABLE diagnosis_notes (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('file', 'client', 'observation', 'other_organisation')),
    noted_on TEXT NOT NULL,
    text TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX diagnosis_notes_by_client ON diagnosis_notes (client_id, noted_on);

CREATE TABLE ladder_measurements (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    measured_on TEXT NOT NULL,
    rung INTEGER NOT NULL CHECK (rung BETWEEN 1 AND 6),
    remarks TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX ladder_measurements_by_client ON ladder_measurements (client_id, measured_on, id);

CREATE TABLE zrm_assessments (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    assessed_on TEXT NOT NULL,
    version TEXT NOT NULL CHECK (version IN ('zrm_13', 'zrm_11')),
    remarks TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (id, version)
);
CREATE INDEX zrm_assessments_by_client ON zrm_assessments (client_id, assessed_on, id);

-- Each score keeps the edition it was made with: the domains differ.
CREATE TABLE zrm_scores (
    assessment_id INTEGER NOT NULL,
    version TEXT NOT NULL,
    domain TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (assessment_id, domain),
    FOREIGN KEY (assessment_id, version) REFERENCES zrm_assessments (id, version)
);

CREATE TABLE instrument_explanations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    phase TEXT NOT NULL,
    instrument TEXT NOT NULL CHECK (instrument IN ('participatieladder', 'zrm')),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX instrument_explanations_by_client ON instrument_explanations (client_id, recorded_at);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('skill', 'rung')),
    target TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (client_id, id)
);

CREATE TABLE interventions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    catalogue_item_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    provider_id INTEGER,
    goal_id INTEGER,
    why_this TEXT NOT NULL,
    why_client TEXT NOT NULL,
    expected TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    planned_end_on TEXT NOT NULL,
    ended_on TEXT,
    outcome TEXT CHECK (outcome IN ('achieved', 'partly_achieved', 'not_achieved', 'stopped')),
    result TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, catalogue_item_id) REFERENCES catalogue_items (organisation_id, id),
    FOREIGN KEY (organisation_id, provider_id) REFERENCES providers (organisation_id, id),
    FOREIGN KEY (client_id, goal_id) REFERENCES goals (client_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (client_id, id),
    CHECK (planned_end_on >= starts_on),
    CHECK ((ended_on IS NULL) = (outcome IS NULL) AND (ended_on IS NULL) = (result IS NULL))
);
CREATE INDEX interventions_by_client ON interventions (client_id, starts_on);
-- What a provider's users may see: clients with an intervention of theirs under way.
CREATE INDEX interventions_open_by_provider ON interventions (organisation_id, provider_id, client_id) WHERE ended_on IS NULL;

CREATE TABLE progress_reports (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    intervention_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL,
    reported_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    reported_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (client_id, intervention_id) REFERENCES interventions (client_id, id),
    FOREIGN KEY (organisation_id, provider_id) REFERENCES providers (organisation_id, id),
    FOREIGN KEY (organisation_id, reported_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX progress_reports_by_client ON progress_reports (client_id, reported_on);

CREATE TABLE oversight_conversations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, provider_id) REFERENCES providers (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX oversight_by_client ON oversight_conversations (client_id, held_on);

CREATE TABLE care_referrals (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    care_organisation_id INTEGER NOT NULL,
    referred_on TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('referred', 'arrived', 'ended')),
    arrived_on TEXT,
    confirmation TEXT CHECK (confirmation IN ('by_organisation', 'by_client', 'observed')),
    arrival_note TEXT,
    ended_on TEXT,
    end_reason TEXT,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    FOREIGN KEY (organisation_id, care_organisation_id) REFERENCES care_organisations (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (client_id, id),
    CHECK ((arrived_on IS NULL) = (confirmation IS NULL)),
    CHECK (status <> 'arrived' OR arrived_on IS NOT NULL),
    CHECK ((status = 'ended') = (ended_on IS NOT NULL)),
    CHECK (arrived_on IS NULL OR arrived_on >= referred_on)
);
CREATE INDEX care_referrals_by_client ON care_referrals (client_id, referred_on);
CREATE INDEX care_referrals_waiting ON care_referrals (organisation_id, status, referred_on);
