-- Sign-in: one personal account per employee (no group accounts), sessions
-- and failed attempts for throttling.

ALTER TABLE employees ADD COLUMN role TEXT NOT NULL DEFAULT 'klantmanager'
    CHECK (role IN ('klantmanager', 'teamleider', 'management', 'functioneel_beheer', 'aanbieder', 'sw_bedrijf'));
-- Argon2id PHC string; NULL means the employee cannot sign in with a password.
ALTER TABLE employees ADD COLUMN password_hash TEXT;
CREATE UNIQUE INDEX employees_email ON employees (lower(email));

CREATE TABLE sessions (
    -- SHA-256 of the session token; the token itself is only in the cookie.
    token_hash TEXT PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_by_employee ON sessions (employee_id);

CREATE TABLE login_failures (
    -- `account:<email>` or `address:<ip>`
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
