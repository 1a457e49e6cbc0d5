//! Persistence for Zicht, one trait per feature (`traits/`), taking and
//! returning domain types; [`Store`] is all of them. Each backend implements a
//! feature's trait directly in that feature's file under `sql/`, so the acts
//! never see SQL and no layer only forwards.
//!
//! The contract of the shared SQL: every statement in `sql/` runs unchanged
//! on SQLite and PostgreSQL (placeholders `$n`, `RETURNING`, standard types);
//! where the two differ, the difference is in that backend's `dialect`
//! module, and the same tests run on both.
//!
//! Every change to a client goes through one command method that loads the
//! client's current state, asks the domain whether the act is allowed, appends
//! the resulting event and updates the current-state tables, all in one
//! transaction.

// `sql/` is compiled once per backend on purpose: one set of statements,
// each backend's own types (see `sqlite.rs`).
#![allow(clippy::duplicate_mod)]

pub mod development;
pub mod error;
pub mod intervision;
pub mod logchain;
pub mod meetings;
pub mod methods;
pub mod model;
pub mod postgres;
pub mod process;
pub mod sqlite;
mod traits;
// Only in tests: the `testing` feature is enabled by the dev-dependencies of
// the crates whose tests use it, never by a build of the binaries.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod work;

use time::{Date, OffsetDateTime};
use zicht_domain::{handover::Actor, OrganisationId};

pub use development::*;
pub use error::StoreError;
pub use intervision::*;
pub use logchain::{LogAnchor, LogKey, LogKeyError};
pub use meetings::*;
pub use methods::*;
pub use model::*;
pub use process::*;
pub use sqlite::ANONYMOUS_BSN;
pub use traits::*;
pub use work::*;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who does something, for which organisation, and when.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub organisation_id: OrganisationId,
    pub actor: Actor,
    pub at: OffsetDateTime,
}

impl Ctx {
    /// Today in the Netherlands, which is what "today" means to users.
    pub fn today(&self) -> Date {
        zicht_domain::calendar::dutch_time(self.at).date()
    }
}

/// Everything a backend stores, feature by feature. Callers hold an
/// `Arc<dyn Store>` and bring the features they use into scope with
/// `use zicht_storage::prelude::*`.
pub trait Store:
    OrganisationStore
    + IdentityStore
    + ClientCommands
    + ClientReads
    + RosterStore
    + EffectsStore
    + ProcessStore
    + WorkStore
    + LetterStore
    + LogbookStore
    + RetentionStore
    + IntegrityStore
    + MeetingStore
    + IntervisionStore
    + DevelopmentStore
    + MethodStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: OrganisationStore
        + IdentityStore
        + ClientCommands
        + ClientReads
        + RosterStore
        + EffectsStore
        + ProcessStore
        + WorkStore
        + LetterStore
        + LetterStore
        + LogbookStore
        + RetentionStore
        + IntegrityStore
        + MeetingStore
        + IntervisionStore
        + DevelopmentStore
        + MethodStore
        + Send
        + Sync
        + 'static
{
}

/// The storage traits, to call a [`Store`]'s methods.
pub mod prelude {
    pub use crate::traits::*;
    pub use crate::Store;
}

/// Opens the database at `url`: `sqlite:…` for the embedded default,
/// `postgres://…` (or `postgresql://…`) for PostgreSQL; without the
/// processing log's key, so the log can be neither written nor verified.
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    open_with_log_key(url, None).await
}

/// Like [`open`], with the processing log's key: refused with
/// [`StoreError::LogKeyMismatch`] when the log was sealed with another key;
/// the first time a key is given, the log is sealed with it.
pub async fn open_with_log_key(
    url: &str,
    key: Option<LogKey>,
) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = postgres::PostgresStore::open(url).await?;
        Ok(std::sync::Arc::new(match key {
            Some(k) => store.with_log_key(k).await?,
            None => store,
        }))
    } else if url.starts_with("sqlite:") {
        let store = sqlite::SqliteStore::open(url).await?;
        Ok(std::sync::Arc::new(match key {
            Some(k) => store.with_log_key(k).await?,
            None => store,
        }))
    } else {
        Err(StoreError::UnknownDatabaseUrl)
    }
}
