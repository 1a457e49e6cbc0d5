-- The organisation's re-assessment term of the five skills, in weeks: an
-- assessment older than this puts the client on the caseworker's "Vandaag".
ALTER TABLE organisations ADD COLUMN reassessment_weeks INTEGER NOT NULL DEFAULT 26
    CHECK (reassessment_weeks BETWEEN 4 AND 104);
