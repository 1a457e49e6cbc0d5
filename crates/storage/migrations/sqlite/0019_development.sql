-- Professional development of employees: a POP (goals, dated actions),
-- reviews with the team lead and trainings followed. Append-only: nothing is
-- changed or removed; a new review or training is a new row.
CREATE TABLE pop_goals (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    description TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    UNIQUE (organisation_id, id),
    UNIQUE (organisation_id, employee_id, id)
);
CREATE TABLE pop_actions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    goal_id INTEGER NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employee_id, goal_id) REFERENCES pop_goals (organisation_id, employee_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE TABLE pop_reviews (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    reviewed_on TEXT NOT NULL,
    notes TEXT NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id),
    CHECK (recorded_by <> employee_id)
);
CREATE INDEX pop_reviews_by_employee ON pop_reviews (organisation_id, employee_id, reviewed_on);
CREATE TABLE trainings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL,
    course TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 1000),
    certificate BOOLEAN NOT NULL,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (organisation_id, employee_id) REFERENCES employees (organisation_id, id),
    FOREIGN KEY (organisation_id, recorded_by) REFERENCES employees (organisation_id, id)
);
CREATE INDEX trainings_by_employee ON trainings (organisation_id, employee_id, completed_on);
CREATE TRIGGER pop_goals_append_only_update BEFORE UPDATE ON pop_goals
BEGIN
    SELECT RAISE(ABORT, 'pop_goals is append-only');
END;
CREATE TRIGGER pop_goals_append_only_delete BEFORE DELETE ON pop_goals
BEGIN
    SELECT RAISE(ABORT, 'pop_goals is append-only');
END;
CREATE TRIGGER pop_actions_append_only_update BEFORE UPDATE ON pop_actions
BEGIN
    SELECT RAISE(ABORT, 'pop_actions is append-only');
END;
CREATE TRIGGER pop_actions_append_only_delete BEFORE DELETE ON pop_actions
BEGIN
    SELECT RAISE(ABORT, 'pop_actions is append-only');
END;
CREATE TRIGGER pop_reviews_append_only_update BEFORE UPDATE ON pop_reviews
BEGIN
    SELECT RAISE(ABORT, 'pop_reviews is append-only');
END;
CREATE TRIGGER pop_reviews_append_only_delete BEFORE DELETE ON pop_reviews
BEGIN
    SELECT RAISE(ABORT, 'pop_reviews is append-only');
END;
CREATE TRIGGER trainings_append_only_update BEFORE UPDATE ON trainings
BEGIN
    SELECT RAISE(ABORT, 'trainings is append-only');
END;
CREATE TRIGGER trainings_append_only_delete BEFORE DELETE ON trainings
BEGIN
    SELECT RAISE(ABORT, 'trainings is append-only');
END;
