-- The overdrachtsoverleg as a meeting: when a team met, who attended, and
-- per handover discussed the decision taken there. Append-only: a record
-- is never changed or removed, except that retention blanks the note on a
-- decision about an anonymised client.
CREATE TABLE handover_meetings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, team_id) REFERENCES teams (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, team_id, id)
);
CREATE INDEX handover_meetings_by_team ON handover_meetings (organisation_id, team_id, held_on);

-- Attendees are members of the meeting's team.
CREATE TABLE handover_meeting_attendees (
    meeting_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, employee_id),
    FOREIGN KEY (organisation_id, team_id, meeting_id) REFERENCES handover_meetings (organisation_id, team_id, id),
    FOREIGN KEY (organisation_id, team_id, employee_id) REFERENCES employees (organisation_id, team_id, id)
);

CREATE TABLE handover_meeting_decisions (
    meeting_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    handover_id INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'returned', 'postponed', 'other')),
    note TEXT NOT NULL,
    PRIMARY KEY (meeting_id, handover_id),
    FOREIGN KEY (organisation_id, meeting_id) REFERENCES handover_meetings (organisation_id, id),
    FOREIGN KEY (handover_id) REFERENCES handovers (id)
);
CREATE INDEX handover_meeting_decisions_by_handover ON handover_meeting_decisions (handover_id);

CREATE TRIGGER handover_meetings_append_only_update BEFORE UPDATE ON handover_meetings
BEGIN
    SELECT RAISE(ABORT, 'handover_meetings is append-only');
END;
CREATE TRIGGER handover_meetings_append_only_delete BEFORE DELETE ON handover_meetings
BEGIN
    SELECT RAISE(ABORT, 'handover_meetings is append-only');
END;
CREATE TRIGGER handover_meeting_attendees_append_only_update BEFORE UPDATE ON handover_meeting_attendees
BEGIN
    SELECT RAISE(ABORT, 'handover_meeting_attendees is append-only');
END;
CREATE TRIGGER handover_meeting_attendees_append_only_delete BEFORE DELETE ON handover_meeting_attendees
BEGIN
    SELECT RAISE(ABORT, 'handover_meeting_attendees is append-only');
END;
-- Only the note may change, and only to empty (retention).
CREATE TRIGGER handover_meeting_decisions_append_only_update BEFORE UPDATE ON handover_meeting_decisions
WHEN NEW.meeting_id <> OLD.meeting_id OR NEW.organisation_id <> OLD.organisation_id
    OR NEW.handover_id <> OLD.handover_id OR NEW.outcome <> OLD.outcome OR NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'handover_meeting_decisions is append-only');
END;
CREATE TRIGGER handover_meeting_decisions_append_only_delete BEFORE DELETE ON handover_meeting_decisions
BEGIN
    SELECT RAISE(ABORT, 'handover_meeting_decisions is append-only');
END;
