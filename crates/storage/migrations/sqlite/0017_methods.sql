-- The library of methods and protocols (werkwijzen, methodieken, protocollen):
-- modules owned by an employee, linked to catalogue items and instruments,
-- each with versions that go concept → (team comments) → definitive. A
-- definitive version is never changed, only superseded by a later one.
-- Every change is a row in method_events, written in the same transaction
-- as the current state below. The library holds no personal data of clients.
CREATE TABLE method_modules (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('methodiek', 'protocol')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner_employee_id INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, owner_employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, created_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, title)
);

CREATE TABLE method_module_items (
    module_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    catalogue_item_id INTEGER NOT NULL,
    PRIMARY KEY (module_id, catalogue_item_id),
    FOREIGN KEY (organisation_id, module_id) REFERENCES method_modules (organisation_id, id),
    FOREIGN KEY (organisation_id, catalogue_item_id) REFERENCES catalogue_items (organisation_id, id)
);
CREATE INDEX method_module_items_by_item ON method_module_items (catalogue_item_id);

CREATE TABLE method_module_instruments (
    module_id INTEGER NOT NULL REFERENCES method_modules (id),
    instrument TEXT NOT NULL CHECK (instrument IN ('participatieladder', 'zrm', 'vijf_vaardigheden')),
    PRIMARY KEY (module_id, instrument)
);

-- A version's number counts from 1 per module; at most one concept per
-- module at a time. A definitive version names who made it so, and when.
CREATE TABLE method_versions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    module_id INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    status TEXT NOT NULL CHECK (status IN ('concept', 'definitive')),
    effective_on TEXT NOT NULL,
    body TEXT NOT NULL,
    based_on_version_id INTEGER REFERENCES method_versions (id),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    decided_by INTEGER,
    decided_at TEXT,
    FOREIGN KEY (organisation_id, module_id) REFERENCES method_modules (organisation_id, id),
    FOREIGN KEY (organisation_id, created_by) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, decided_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (module_id, number),
    CHECK ((status = 'definitive') = (decided_by IS NOT NULL) AND (decided_by IS NULL) = (decided_at IS NULL))
);
CREATE UNIQUE INDEX method_versions_one_concept ON method_versions (module_id) WHERE status = 'concept';

-- A definitive version is never changed; no version is removed.
CREATE TRIGGER method_versions_definitive_unchanged BEFORE UPDATE ON method_versions
WHEN OLD.status = 'definitive'
BEGIN
    SELECT RAISE(ABORT, 'a definitive method version is never changed');
END;
CREATE TRIGGER method_versions_never_deleted BEFORE DELETE ON method_versions
BEGIN
    SELECT RAISE(ABORT, 'method_versions are never deleted');
END;

-- Team comments on a concept: append-only.
CREATE TABLE method_comments (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    version_id INTEGER NOT NULL,
    author_employee_id INTEGER NOT NULL,
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, version_id) REFERENCES method_versions (organisation_id, id),
    FOREIGN KEY (organisation_id, author_employee_id) REFERENCES employees (organisation_id, id)
);
CREATE INDEX method_comments_by_version ON method_comments (version_id, id);

-- The library's history: one row per change, never changed or removed.
CREATE TABLE method_events (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    module_id INTEGER NOT NULL,
    version_id INTEGER,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor_employee_id INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, module_id) REFERENCES method_modules (organisation_id, id),
    FOREIGN KEY (organisation_id, actor_employee_id) REFERENCES employees (organisation_id, id)
);
CREATE INDEX method_events_by_module ON method_events (module_id, id);

CREATE TRIGGER method_comments_append_only_update BEFORE UPDATE ON method_comments
BEGIN
    SELECT RAISE(ABORT, 'method_comments is append-only');
END;
CREATE TRIGGER method_comments_append_only_delete BEFORE DELETE ON method_comments
BEGIN
    SELECT RAISE(ABORT, 'method_comments is append-only');
END;
CREATE TRIGGER method_events_append_only_update BEFORE UPDATE ON method_events
BEGIN
    SELECT RAISE(ABORT, 'method_events is append-only');
END;
CREATE TRIGGER method_events_append_only_delete BEFORE DELETE ON method_events
BEGIN
    SELECT RAISE(ABORT, 'method_events is append-only');
END;

-- The protocol version an intervention followed, if any.
ALTER TABLE interventions ADD COLUMN protocol_version_id INTEGER REFERENCES method_versions (id);
