-- The effectenkaart (SQLite migration 0005): settings for its indicators.

-- Clients per 40-hour week above which a caseworker's caseload is flagged.
ALTER TABLE organisations ADD COLUMN caseload_ceiling BIGINT NOT NULL DEFAULT 150
    CHECK (caseload_ceiling BETWEEN 1 AND 1000);
-- A return to benefit within this many months after outflow is not durable.
ALTER TABLE organisations ADD COLUMN return_window_months BIGINT NOT NULL DEFAULT 12
    CHECK (return_window_months IN (6, 12, 24));
