-- The processing log gets a key kept outside the database (see
-- src/logchain.rs). Records written before stay as they are (chain
-- version 1, plain SHA-256); the first start with the key seals them in the
-- one row of this table: the id and hash of the last of them, MAC'd with the
-- key. `key_check` tells the key from others without revealing it, so a
-- wrong key is refused at start.
CREATE TABLE processing_log_seal (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_check TEXT NOT NULL,
    legacy_upto_id INTEGER NOT NULL,
    legacy_last_hash TEXT NOT NULL,
    sealed_at TEXT NOT NULL,
    mac TEXT NOT NULL
);

-- A pruning is signed with the key too, so a range removed by hand cannot
-- pass for one done by `zicht retention`. Prunings before the key are
-- signed when the log is sealed.
ALTER TABLE processing_log_pruned ADD COLUMN mac TEXT;
