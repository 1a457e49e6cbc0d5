//! How database and domain errors become the store's errors: a unique index
//! that a race can violate and the rule it protects, a taken name, several
//! domain errors at once. Imports no other `sql/` module.

use zicht_domain::DomainError;

use crate::StoreError;

/// Maps constraint failures that a race can cause to the rule they protect,
/// so the loser of a race gets the same answer as a late-comer.
pub(crate) fn constraint_to_rule(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        // PostgreSQL names the index; SQLite names the columns in its message.
        let violates = |index: &str, columns: &str| {
            db.constraint() == Some(index) || db.message().contains(columns)
        };
        if violates("handovers_one_pending", "handovers.client_id") {
            return DomainError::conflict("handover_pending").into();
        }
        if violates(
            "clients_one_open_per_bsn",
            "clients.organisation_id, clients.bsn",
        ) {
            return DomainError::conflict("client_exists").into();
        }
    }
    StoreError::Database(err)
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

/// A single state conflict stays a conflict (409); field errors stay a list (422).
pub(crate) fn one_or_many(mut errors: Vec<DomainError>) -> StoreError {
    if errors.len() == 1 && errors[0].field.is_none() {
        StoreError::Rule(errors.remove(0))
    } else {
        StoreError::Invalid(errors)
    }
}
