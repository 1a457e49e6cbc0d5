//! The storage layer's one error type.

use zicht_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A domain rule refused the act.
    #[error("{0}")]
    Rule(#[from] DomainError),
    /// Several input fields were wrong at once.
    #[error("invalid input")]
    Invalid(Vec<DomainError>),
    /// The thing asked for does not exist in this organisation.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Anything the database says that is not one of the above.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A database URL that names neither SQLite nor PostgreSQL.
    #[error("database URL must start with sqlite: or postgres://")]
    UnknownDatabaseUrl,
    /// Stored data that no longer deserialises; points at a bug or tampering.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// Writing or reading the processing log needs its key, which the store
    /// was opened without.
    #[error("no key for the processing log (--log-key-file or ZICHT_LOG_KEY)")]
    LogKeyMissing,
    /// The processing log was sealed with another key (or its key check was
    /// altered in the database).
    #[error("the log key does not fit this database: its processing log was sealed with another key, or the seal was altered")]
    LogKeyMismatch,
}

impl From<Vec<DomainError>> for StoreError {
    fn from(errors: Vec<DomainError>) -> Self {
        StoreError::Invalid(errors)
    }
}
