-- Intervision and case consultation (casuïstiekoverleg): a session of a
-- team, who took part, the cases brought in (question, advice, optionally
-- the client it was about) and the follow-ups agreed. Append-only: a session
-- is never changed; a follow-up is marked done once, by an event in
-- intervision_follow_up_events with its current state kept in step on the
-- follow-up; retention blanks the words of a case about an anonymised client.
CREATE TABLE intervision_sessions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('incident_method', 'socratic_dialogue', 'peer_consultation', 'case_consultation', 'other')),
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, team_id) REFERENCES teams (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id)
);
CREATE INDEX intervision_sessions_by_team ON intervision_sessions (organisation_id, team_id, held_on);

CREATE TABLE intervision_participants (
    session_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    PRIMARY KEY (session_id, employee_id),
    FOREIGN KEY (organisation_id, session_id) REFERENCES intervision_sessions (organisation_id, id),
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id)
);
CREATE INDEX intervision_participants_by_employee ON intervision_participants (employee_id);

CREATE TABLE intervision_cases (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    advice TEXT NOT NULL,
    client_id INTEGER,
    FOREIGN KEY (organisation_id, session_id) REFERENCES intervision_sessions (organisation_id, id),
    FOREIGN KEY (organisation_id, client_id) REFERENCES clients (organisation_id, id),
    UNIQUE (session_id, position)
);
CREATE INDEX intervision_cases_by_client ON intervision_cases (client_id);

CREATE TABLE intervision_follow_ups (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_at TEXT,
    done_by INTEGER,
    FOREIGN KEY (organisation_id, session_id) REFERENCES intervision_sessions (organisation_id, id),
    FOREIGN KEY (organisation_id, owner_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, done_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id),
    CHECK ((done_at IS NULL) = (done_by IS NULL))
);
CREATE INDEX intervision_follow_ups_by_owner ON intervision_follow_ups (organisation_id, owner_id, done_at);

CREATE TABLE intervision_follow_up_events (
    id INTEGER PRIMARY KEY,
    follow_up_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('done')),
    actor_employee_id INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, follow_up_id) REFERENCES intervision_follow_ups (organisation_id, id),
    FOREIGN KEY (organisation_id, actor_employee_id) REFERENCES employees (organisation_id, id),
    UNIQUE (follow_up_id, kind)
);

CREATE TRIGGER intervision_sessions_append_only_update BEFORE UPDATE ON intervision_sessions
BEGIN
    SELECT RAISE(ABORT, 'intervision_sessions is append-only');
END;
CREATE TRIGGER intervision_sessions_append_only_delete BEFORE DELETE ON intervision_sessions
BEGIN
    SELECT RAISE(ABORT, 'intervision_sessions is append-only');
END;
CREATE TRIGGER intervision_participants_append_only_update BEFORE UPDATE ON intervision_participants
BEGIN
    SELECT RAISE(ABORT, 'intervision_participants is append-only');
END;
CREATE TRIGGER intervision_participants_append_only_delete BEFORE DELETE ON intervision_participants
BEGIN
    SELECT RAISE(ABORT, 'intervision_participants is append-only');
END;
-- Only the words may change, and only to empty (retention).
CREATE TRIGGER intervision_cases_append_only_update BEFORE UPDATE ON intervision_cases
WHEN NEW.id <> OLD.id OR NEW.session_id <> OLD.session_id OR NEW.organisation_id <> OLD.organisation_id
    OR NEW.position <> OLD.position OR NEW.client_id IS NOT OLD.client_id
    OR NEW.question <> '' OR NEW.advice <> ''
BEGIN
    SELECT RAISE(ABORT, 'intervision_cases is append-only');
END;
CREATE TRIGGER intervision_cases_append_only_delete BEFORE DELETE ON intervision_cases
BEGIN
    SELECT RAISE(ABORT, 'intervision_cases is append-only');
END;
-- Only marking done, once.
CREATE TRIGGER intervision_follow_ups_append_only_update BEFORE UPDATE ON intervision_follow_ups
WHEN NEW.id <> OLD.id OR NEW.session_id <> OLD.session_id OR NEW.organisation_id <> OLD.organisation_id
    OR NEW.owner_id <> OLD.owner_id OR NEW.description <> OLD.description OR NEW.due_on <> OLD.due_on
    OR OLD.done_at IS NOT NULL OR NEW.done_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'intervision_follow_ups is append-only');
END;
CREATE TRIGGER intervision_follow_ups_append_only_delete BEFORE DELETE ON intervision_follow_ups
BEGIN
    SELECT RAISE(ABORT, 'intervision_follow_ups is append-only');
END;
CREATE TRIGGER intervision_follow_up_events_append_only_update BEFORE UPDATE ON intervision_follow_up_events
BEGIN
    SELECT RAISE(ABORT, 'intervision_follow_up_events is append-only');
END;
CREATE TRIGGER intervision_follow_up_events_append_only_delete BEFORE DELETE ON intervision_follow_up_events
BEGIN
    SELECT RAISE(ABORT, 'intervision_follow_up_events is append-only');
END;
