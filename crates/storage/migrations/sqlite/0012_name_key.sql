-- The name as a search compares it (lower case, no diacritics), so `yilmaz`
-- finds Yılmaz. Filled by the store: folding needs Rust, so rows from before
-- this migration are filled when the store opens.
ALTER TABLE clients ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
