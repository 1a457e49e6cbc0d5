//! How database and domain errors become the store's errors: a unique index
//! that a race can violate and the rule it protects, a taken name, several
//! domain errors at once. Imports no other `sql/` module.

use zicht_domain::DomainError;

use crate::StoreError;

/// A unique index that a race can violate, and the rule it protects, so the
/// loser of a race gets the same answer as a late-comer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RaceGuard {
    /// The index, named alike in both backends' migrations.
    pub index: &'static str,
    /// The conflict the loser of the race gets.
    pub rule: &'static str,
}

/// At most one pending handover per client.
pub(crate) const ONE_PENDING_HANDOVER: RaceGuard = RaceGuard {
    index: "handovers_one_pending",
    rule: "handover_pending",
};

/// At most one open client per BSN in an organisation.
pub(crate) const ONE_OPEN_CLIENT_PER_BSN: RaceGuard = RaceGuard {
    index: "clients_one_open_per_bsn",
    rule: "client_exists",
};

/// SQLite's extended result code for a violated UNIQUE index or constraint;
/// a violated primary key has its own (`SQLITE_CONSTRAINT_PRIMARYKEY`, 1555).
const SQLITE_CONSTRAINT_UNIQUE: &str = "2067";

impl RaceGuard {
    /// `err` as this guard's rule when the guarded index refused the
    /// statement; any other error as it is. Only for statements on the
    /// index's own table (see `violated_by` for why).
    pub(crate) fn refused(&self, err: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(db) = &err {
            if self.violated_by(db.as_ref()) {
                return DomainError::conflict(self.rule).into();
            }
        }
        StoreError::Database(err)
    }

    /// Decided by the error's kind and the index's name, never its message.
    fn violated_by(&self, db: &dyn sqlx::error::DatabaseError) -> bool {
        if db.kind() != sqlx::error::ErrorKind::UniqueViolation {
            return false;
        }
        match db.constraint() {
            // PostgreSQL names the violated index.
            Some(name) => name == self.index,
            // SQLite names no constraint, only its columns, in message text.
            // Its extended code tells a unique index from the primary key,
            // which SQLite checks first; and on the guarded tables every
            // other unique index contains the primary key, so it cannot fail
            // alone (a test in `sqlite.rs` holds the migrations to that).
            // Hence a unique violation here is the guarded index.
            None => db.code().as_deref() == Some(SQLITE_CONSTRAINT_UNIQUE),
        }
    }
}

/// A unique-name violation means the name is taken, which the user can fix.
pub(crate) fn name_taken(err: sqlx::Error, field: &'static str) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            return DomainError::invalid(field, "name_taken").into();
        }
    }
    StoreError::Database(err)
}
